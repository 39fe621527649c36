"""A query that finds nothing: corrections from the archive's vocabulary."""



from libya_archive.archive.search import search_articles
from libya_archive.archive.search.query import parse_query
from tests.factories import make_article


def test_a_typo_that_finds_nothing_suggests_the_archive_word(named_archive):
    from libya_archive.archive.services import vocabulary_refresh

    vocabulary_refresh()
    results = search_articles("حفتير سرت")
    assert results.count == 0
    assert results.suggestions == ["حفتر سرت"]
    assert search_articles(results.suggestions[0]).count == 1


def test_a_query_that_finds_something_suggests_nothing(named_archive):
    from libya_archive.archive.services import vocabulary_refresh

    vocabulary_refresh()
    assert search_articles("حفتر").suggestions == []


def test_a_long_query_is_corrected_where_its_words_stand(named_archive):
    from libya_archive.archive.services import vocabulary_refresh

    vocabulary_refresh()
    query = "حفتير سرت " * 60  # 600 characters: cut at 500, after a whole word
    assert search_articles(query).suggestions == [("حفتر سرت " * 50).rstrip()]


def test_a_letter_typed_for_one_that_sounds_like_it_is_corrected_before_a_commoner_word_a_letter_shorter(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("قال حفتر إن قواته تتقدم.")
    for city in ("الرياض", "جدة", "مكة"):
        make_article(f"صلى المسلمون في {city} صلاة عيد الفطر.")
    vocabulary_refresh()
    assert suggest_corrections("حفطر", parse_query("حفطر")) == ["حفتر"]


def test_a_typo_is_corrected_to_the_word_the_archive_writes_beside_the_words_typed_with_it(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("استقبل ولي العهد الوفد.")
    for place in ("الرياض", "جدة", "مكة"):
        make_article(f"لم يصب أحد في حادث {place}، وقال أحد الشهود إن أحد السائقين نجا.")
    vocabulary_refresh()
    assert suggest_corrections("العحد", parse_query("العحد")) == ["أحد"]  # the commoner alone
    assert suggest_corrections("ولي العحد", parse_query("ولي العحد")) == ["ولي العهد"]
    # Only a word typed right beside it weighs: not one across a function word or an or.
    assert suggest_corrections("ولي في العحد", parse_query("ولي في العحد")) == ["ولي في أحد"]
    assert suggest_corrections("ولي or العحد", parse_query("ولي or العحد")) == ["ولي or أحد"]


def test_a_sound_alike_far_rarer_than_a_word_a_letter_away_is_no_correction(db, monkeypatch):
    from libya_archive.archive.search import suggestions
    from libya_archive.archive.services import vocabulary_refresh

    monkeypatch.setattr(suggestions, "SOUND_ALIKE_RARER", 2)
    make_article("قال حفتر إن قواته تتقدم.")
    for city in ("الرياض", "جدة", "مكة"):
        make_article(f"صلى المسلمون في {city} صلاة عيد الفطر.")
    vocabulary_refresh()
    assert suggestions.suggest_corrections("حفطر", parse_query("حفطر")) == ["الفطر"]


def test_a_word_is_never_corrected_to_a_function_word(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("وصل وفد إلى الرياض.")
    for city in ("الرياض", "جدة", "مكة"):  # وفي, "and in", three times as common
        make_article(f"وفي {city} مطر، وفي الطائف حر.")
    vocabulary_refresh()
    assert suggest_corrections("كوفيد", parse_query("كوفيد")) == ["وفد"]  # not وفي, "and in"


def test_a_typo_is_corrected_to_the_spelling_the_archive_writes_most(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("افتتحت رياض الأطفال.")
    make_article("وصل الوفد إلى الرياض أمس، وغادر الرياض اليوم.")
    make_article("زار الأمير الرياض.")
    vocabulary_refresh()
    assert suggest_corrections("الرياظ", parse_query("الرياظ")) == ["الرياض"]


def test_a_typo_is_corrected_with_the_proclitics_it_was_typed_with_where_the_archive_writes_them(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("عقد الاجتماع بالدمام أمس، ثم عاد الوفد بالدمام إلى العمل.")
    make_article("وصل الوفد إلى الدمام.")
    vocabulary_refresh()
    assert suggest_corrections("الدمامم", parse_query("الدمامم")) == ["الدمام"]
    assert suggest_corrections("دمامم", parse_query("دمامم")) == ["بالدمام"]  # none without: the commonest
    assert suggest_corrections("الدمامم بالدمامم", parse_query("الدمامم بالدمامم")) == ["الدمام بالدمام"]


def test_a_query_of_many_unknown_words_corrects_the_first_five_each_looked_up_once(db, django_assert_max_num_queries):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("زار الوفد طرابلس ثم بنغازي ثم سرت ثم مصراتة ثم الزاوية ثم درنة ثم غريان.")
    vocabulary_refresh()
    typed = "طرابلز سرط مصرانة الزاوبة الوفذ غربان طرابلز"
    with django_assert_max_num_queries(1 + 5 * 2):  # the vocabulary once, then each word's variants and spellings
        suggestions = suggest_corrections(typed, parse_query(typed))
    assert suggestions == ["طرابلس سرت مصراتة الزاوية الوفد غربان طرابلس"]


def test_a_typo_is_corrected_a_letter_away_from_the_word_as_typed_before_its_stem(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("زار الوفد لبنان أمس.")
    for number in range(3):  # بن, "son of", far commoner, is a letter away from بنن, لبنن without its ل
        make_article(f"قال محمد بن سلمان وعبدالله بن علي في اللقاء {number}.")
    vocabulary_refresh()
    assert suggest_corrections("لبنن", parse_query("لبنن")) == ["لبنان"]


def test_a_typo_a_letter_from_a_word_as_typed_keeps_none_of_its_letters_as_proclitics(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("زار الوفد لبنان أمس.")
    for aid in ("الغذاء", "الدواء"):  # للبنان, "to Lebanon", the commoner: لبنن's ل is no proclitic
        make_article(f"وصلت شحنة {aid} للبنان، ثم شحنة أخرى للبنان.")
    vocabulary_refresh()
    assert suggest_corrections("لبنن", parse_query("لبنن")) == ["لبنان"]


def test_a_word_typed_without_the_space_between_two_is_read_as_the_two_the_archive_writes_side_by_side(db, monkeypatch):
    from libya_archive.archive.search import suggestions
    from libya_archive.archive.services import vocabulary_refresh

    monkeypatch.setattr(suggestions, "SPACE_MISSED_SEEN", 2)
    for place in ("نيويورك", "جنيف"):
        make_article(f"قال الأمين العام بان كي مون في {place} إن الحرب يجب أن تتوقف.")
    for juice in range(3):  # ليمون, a letter away from كيمون, in more articles than كي مون
        make_article(f"يباع عصير الليمون بسعر {juice} ريال.")
    make_article("انعقد مجلس الأمن أمس.")
    vocabulary_refresh()
    assert suggestions.suggest_corrections("بان كيمون", parse_query("بان كيمون")) == ["بان كي مون"]
    # Side by side once, but nothing a letter away: read as the two words all the same, the
    # space where the letters typed put it, a tatweel or a proclitic and all.
    assert suggestions.suggest_corrections("مجلسالأمن", parse_query("مجلسالأمن")) == ["مجلس الأمن"]
    assert suggestions.suggest_corrections("مجلـسالأمن", parse_query("مجلـسالأمن")) == ["مجلـس الأمن"]
    typed = "مجلسالأمن ومجلسالأمن"
    assert suggestions.suggest_corrections(typed, parse_query(typed)) == ["مجلس الأمن ومجلس الأمن"]


def test_a_typo_whose_letters_are_two_words_side_by_side_in_few_articles_is_corrected_a_letter_away(db, monkeypatch):
    from libya_archive.archive.search import suggestions
    from libya_archive.archive.services import vocabulary_refresh

    monkeypatch.setattr(suggestions, "SPACE_MISSED_SEEN", 2)
    make_article("اشترى قطعة من شاش طبي.")
    for city in ("جدة", "الرياض"):
        make_article(f"افتتاح منشأة صناعية في {city}.")
    vocabulary_refresh()
    assert suggestions.suggest_corrections("منشاش", parse_query("منشاش")) == ["منشأة"]
