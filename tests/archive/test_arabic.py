from libya_archive.archive.arabic import (
    STOP_WORDS,
    normalize_arabic,
    original_offset,
    proclitic_readings,
    related_forms,
    search_document,
    search_form,
    search_form_of_word,
    tokenize,
)


def test_normalizing_folds_hamza_forms_diacritics_tatweel_and_final_letters():
    assert normalize_arabic("أإآٱ") == "اااا"
    assert normalize_arabic("يتعيَّن") == "يتعين"
    assert normalize_arabic("داعـــش") == "داعش"
    assert normalize_arabic("القذافى") == normalize_arabic("القذافي")
    assert normalize_arabic("مصراتة") == normalize_arabic("مصراته")
    assert normalize_arabic("مؤتمر") == "موتمر"


def test_arabic_indic_digits_equal_latin_digits():
    assert normalize_arabic("ميليشيا ١٦٦") == normalize_arabic("ميليشيا 166")


def test_latin_letters_are_lower_cased():
    assert normalize_arabic("The Telegraph") == "the telegraph"


def test_tokens_keep_their_offsets_into_the_original_text():
    text = "قال: الجنرال حفتر، ثم مضى."
    tokens = tokenize(text)
    assert [t.form for t in tokens] == ["قال", "الجنرال", "حفتر", "ثم", "مضي"]
    assert [text[t.start : t.end] for t in tokens] == ["قال", "الجنرال", "حفتر", "ثم", "مضى"]


def test_a_word_with_diacritics_is_one_token():
    assert [t.form for t in tokenize("يتعيَّن على")] == ["يتعين", "علي"]


def test_a_tatweel_or_a_mark_standing_alone_is_no_token():
    text = "قال ـ ثم َ مضى"
    assert [(text[t.start : t.end], t.form) for t in tokenize(text)] == [("قال", "قال"), ("ثم", "ثم"), ("مضى", "مضي")]


def test_offset_of_a_normalized_letter_skips_dropped_marks():
    text = "تنظيم َداعش"
    token = tokenize(text)[1]
    assert text[original_offset(text, token, 0) : token.end] == "داعش"


def test_proclitic_readings_offer_the_word_without_its_proclitics():
    assert (1, "المغرب") in proclitic_readings("والمغرب")
    assert (1, "حفتر") in proclitic_readings("لحفتر")
    assert (1, "الامم") in proclitic_readings("للامم")
    assert proclitic_readings("سرت") == ((0, "سرت"),)


def test_search_form_strips_conjunctions_prepositions_and_the_article():
    assert search_form("والميليشيات") == search_form("الميليشيات") == search_form("بالميليشيات")
    assert search_form("الصخيرات") == search_form("صخيرات")
    assert search_form(normalize_arabic("والإمارات")) == search_form(normalize_arabic("الامارات"))


def test_search_form_folds_plural_feminine_and_nisba_endings_of_long_words():
    assert search_form("ميليشيات") == search_form("ميليشيا")
    assert search_form("اسلاميه") == search_form("اسلامي") == search_form("اسلاميون") == search_form("اسلاميين")
    assert search_form("صخيرات") == search_form("الصخيرات")


def test_a_word_reads_the_same_with_or_without_proclitics_before_it():
    assert search_form("لفراغ") == search_form("فراغ")
    assert search_form("لوزير") == search_form("وزير")
    assert search_form("وليبيا") == search_form("ليبيا") == search_form("لليبيا")
    assert search_form("الولايه") == search_form("ولايه")


def test_search_form_keeps_short_words_whole():
    assert search_form("بان") == "بان"
    assert search_form("كنه") == "كنه"
    assert search_form("مصر") != search_form("مصراته")


def test_a_conjunction_comes_off_a_three_letter_word_only_where_the_corpus_reads_it_so():
    assert search_form("وخط") == search_form("خط")
    assert search_form("وهل") == search_form("هل")
    assert search_form("فتم") == search_form("تم")
    for word in ["وجد", "وقت", "وضع", "فهد", "واس"]:
        assert search_form(word) == word, word


def test_a_number_and_arabic_letters_written_together_are_two_words_and_latin_letters_stay_with_their_digits():
    text = "في 22/07/2015م و١٤٣٦هـ قطع 100كم بطائرة F16"
    assert [token.form for token in tokenize(text)] == ["في", "22", "07", "2015", "م", "و1436", "ه", "قطع", "100", "كم", "بطايره", "f16"]
    assert [text[token.start : token.end] for token in tokenize(text)][3:7] == ["2015", "م", "و١٤٣٦", "هـ"]


def test_abd_and_the_name_after_it_are_two_words_written_as_one_or_two():
    assert [token.form for token in tokenize("سلمان بن عبدالعزيز ولعبدالله وعبدالي")] == ["سلمان", "بن", "عبد", "العزيز", "ولعبد", "الله", "وعبدالي"]


def test_search_document_has_one_form_per_word_in_order():
    assert search_document("لحلف شمال الأطلسي") == search_document("حلف شمال أطلسي")
    assert len(search_document("لحلف شمال الأطلسي").split()) == 3


def same_form(first: str, second: str) -> bool:
    return search_form(normalize_arabic(first)) == search_form(normalize_arabic(second))


def test_inflections_of_one_word_share_a_search_form():
    for first, second in [
        ("كبير", "كبيرة"),
        ("زوجها", "زوج"),
        ("مرحلته", "المرحلة"),
        ("استقالته", "استقالة"),
        ("شركة", "الشركات"),
        ("حالة", "حالات"),
        ("الجديد", "الجديدة"),
        ("مكتبة", "المكتبات"),
        ("الموظفة", "موظفين"),  # a noun for people: its feminine is the same word
        ("وزيرة", "الوزير"),  # and so of a فعيل with the plural فعلاء (وزراء)
        ("الخبيرة", "خبير"),
        ("اللاعبات", "لاعب"),
        ("الأول", "الأولى"),
        ("اللاعبين", "لاعب"),
    ]:
        assert same_form(first, second), (first, second)


def test_unrelated_words_whose_first_letters_look_like_proclitics_stay_apart():
    for first, second in [
        ("لبنان", "الفنان"),
        ("البلدية", "لديه"),
        ("البلدية", "الودية"),
        ("الفعاليات", "عالية"),
        ("ولاية", "آية"),
        ("البلدين", "الدين"),
        ("لجنة", "الجنة"),
        ("الكلمات", "مات"),
        ("وكالة", "إله"),
        ("السعودية", "سعود"),
    ]:
        assert not same_form(first, second), (first, second)


def test_kaf_comes_off_a_noun_but_not_off_a_name_or_verb_of_its_own_letters():
    # ك, "like", stands before nouns, and a noun takes the article (البديل, المثال).
    assert same_form("كبديل", "بديل") and same_form("كمثال", "المثال")
    # كيري (Kerry) is not ك + يرى, "he sees"; كسرت, "she broke", not ك + سرت (Sirte).
    for first, second in [("كيري", "يرى"), ("كسرت", "سرت"), ("كلها", "لها"), ("كندا", "ندا")]:
        assert not same_form(first, second), (first, second)
    assert same_form("وكيري", "كيري") and same_form("بسرت", "سرت")
    # Before a name of the gazetteer, as often as ك stands before a word, it is "like".
    assert same_form("كمصر", "مصر")


def test_a_conjunction_comes_off_a_word_that_takes_the_article_rarely_and_as_a_name_of_its_own():
    # الوكرة, a Qatari club, stands twice in the corpus; وكرة is "and a ball" thirty times.
    assert same_form("وكرة", "كرة") and same_form("ومهم", "مهم")
    # Where the article is common beside the word, the word keeps its first letter.
    assert not same_form("البلدية", "لديه") and not same_form("واصل", "أصل")


def test_a_protected_word_does_not_protect_its_stem_where_the_stem_is_a_conjunction_and_a_word():
    # وصيفة ("runner-up", "maid") keeps its و; وصيف, "and summer" in «عيد وصيف الشرقية», does not.
    assert same_form("وصيف", "الصيف") and same_form("وفور", "فور")
    assert same_form("وصيفة", "الوصيفة") and not same_form("وصيفة", "صيف")
    assert same_form("وفورات", "الوفورات") and not same_form("وفورات", "فور")


def test_a_word_in_ta_marbuta_that_is_a_noun_of_its_own_stays_apart_from_the_word_without_it():
    for first, second in [
        ("الرياض", "الرياضة"),
        ("مكتب", "المكتبة"),
        ("المركز", "مركزة"),
        ("الغرب", "غربة"),
        ("الخبر", "الخبرة"),
    ]:
        assert not same_form(first, second), (first, second)
    assert same_form("المكتبات", "مكتبته")  # its plural and its possessive go with it


def test_a_place_name_in_ta_marbuta_whose_letters_without_it_are_another_word_is_kept_whole():
    for first, second in [("بريدة", "البريد"), ("درنة", "الدرن"), ("صبراتة", "صبراً"), ("الكفرة", "كفر")]:
        assert not same_form(first, second), (first, second)
    # زوارة stays out: once ة is read as ه it is زواره, "its visitors", four times as common.
    assert same_form("زواره", "الزوار")
    assert same_form("مصراتة", "بمصراته") and same_form("ببريدة", "وبريدة") and same_form("بريدة", "بريده")
    assert not same_form("مصراتة", "مصراً") and related_forms(search_document("مصراتة")) == ("مصراتي",)  # its nisba, not مصر


def test_a_name_in_at_the_gazetteer_holds_is_the_plural_of_no_word_in_ta_marbuta():
    # الإمارات, the Emirates, is not إمارة, a Saudi region's governorate.
    assert same_form("الإمارات", "الامارات") and same_form("الإمارات", "بالإمارات")
    assert not same_form("الإمارات", "إمارة") and same_form("إمارة", "الإمارة")


def test_a_plural_in_at_the_corpus_writes_far_more_than_the_word_in_ta_marbuta_is_the_masculine_s():
    # مشروعات are projects, مشروع's plural; مشروعة is "legitimate", a word of its own.
    assert same_form("المشروعات", "مشروع") and same_form("مشروعاتها", "المشروع")
    assert same_form("مستويات", "المستوى")
    assert not same_form("مشروعة", "مشروع") and not same_form("المشروعات", "مشروعة")
    # المعلومات, information, is the plural of معلومة, far commoner than معلوم, "known".
    assert same_form("المعلومات", "معلومة") and not same_form("المعلومات", "معلوم")


def test_a_stop_word_after_a_conjunction_and_a_preposition_keeps_the_preposition():
    assert same_form("وبدون", "بدون") and not same_form("بدون", "دون")


def test_a_nisba_and_its_noun_and_the_accusative_alef_are_related_forms():
    assert "اقتصاد" in related_forms(search_form_of_word("الاقتصادي"))
    assert "اقتصادي" in related_forms(search_form_of_word("الاقتصاد"))
    assert "ثقافي" in related_forms(search_form_of_word("الثقافة"))
    assert "زعيم" in related_forms(search_form_of_word("زعيما"))
    # الرياضة is a word of its own: رياضي is its nisba, not the capital's.
    assert "رياضي" in related_forms(search_form_of_word("الرياضة"))
    assert "رياضي" not in related_forms(search_form_of_word("الرياض"))
    assert related_forms(search_form_of_word("في")) == ()
    # A word of three letters has its nisba and its accusative, none where it ends in ي, ه or ا.
    assert related_forms(search_form_of_word("اليمن")) == ("يمني", "يمنا")
    assert "حفلا" in related_forms(search_form_of_word("حفل"))
    # Never a function word: مهما, "whatever", is no accusative of مهم, "important".
    assert "مهما" not in related_forms(search_form_of_word("مهم")) and "فيما" not in related_forms(search_form_of_word("فيم"))
    assert related_forms(search_form_of_word("الكرة")) == ()


def test_no_letter_is_stripped_after_the_article():
    assert search_form("اللاعبين") != "اعب"
    assert search_form("البلدين") != search_form("الدين")


def test_proclitics_before_a_protected_word_still_come_off():
    assert same_form("ولبنان", "لبنان") and same_form("بالوكالة", "وكالة") and same_form("لكبير", "كبير")


def test_persian_letters_fold_to_their_arabic_letters_one_for_one():
    assert normalize_arabic("علی") == normalize_arabic("علي")
    assert normalize_arabic("کتاب") == normalize_arabic("كتاب")
    assert normalize_arabic("مدرسۀ") == normalize_arabic("مدرسه") and normalize_arabic("ہے") == "هي"
    assert len(normalize_arabic("ی ک ۀ ہ ے")) == len("ی ک ۀ ہ ے")


def test_stop_words_are_dropped_as_written():
    for word in ("كانت", "الذين", "اللذين", "اللتين"):
        assert search_form(normalize_arabic(word)) in STOP_WORDS, word
    assert search_form("الامام") not in STOP_WORDS  # the imam, though امام is a stop word


def test_stop_forms_of_the_shingles_are_the_stop_words():
    from libya_archive.archive.word_shingles import _STOP_FORMS

    assert _STOP_FORMS == STOP_WORDS
