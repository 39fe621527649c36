import json
from pathlib import Path

from libya_archive.archive import services
from libya_archive.archive.ambiguity import TITLES
from libya_archive.archive.arabic import tokenize
from libya_archive.archive.linking import find_mentions, load_gazetteer, names_in_words
from libya_archive.archive.models import Actor, ActorAlias, Place
from libya_archive.archive.parsing import parse_article
from libya_archive.archive.wordlists import given_names
from tests.conftest import SEED_ARTICLES
from tests.factories import make_actor, make_place

GOLD = json.loads((Path(__file__).parent / "gold_mentions.json").read_text(encoding="utf-8"))


def linked(text: str) -> list[tuple[str, str]]:
    """(the exact text each mention covers, the name of its entity), in order."""
    gazetteer = load_gazetteer()
    return [(text[m.start : m.end], gazetteer.names[m.entity]) for m in find_mentions(text, gazetteer)]


def test_names_with_attached_proclitics_link_without_them(db):
    make_actor("خليفة حفتر", "حفتر")
    make_actor("معمر القذافي", "القذافي")
    assert linked("قال وحفتر ثم لحفتر وبالقذافي") == [
        ("حفتر", "خليفة حفتر"),
        ("حفتر", "خليفة حفتر"),
        ("القذافي", "معمر القذافي"),
    ]


def test_the_longest_name_wins_and_is_one_mention(db):
    make_actor("معمر القذافي", "القذافي")
    make_actor("الأمم المتحدة")
    make_actor("بعثة الأمم المتحدة للدعم في ليبيا")
    make_place("ليبيا")
    assert linked("أطاح بمعمر القذافي وجاءت بعثة الأمم المتحدة للدعم في ليبيا") == [
        ("معمر القذافي", "معمر القذافي"),
        ("بعثة الأمم المتحدة للدعم في ليبيا", "بعثة الأمم المتحدة للدعم في ليبيا"),
    ]


def test_a_name_inside_another_word_is_not_a_mention(db):
    make_actor("علي كنة", "كنة")
    make_place("مصر")
    make_place("مصراتة")
    assert linked("كانت ممكنة في مصراتة") == [("مصراتة", "مصراتة")]


def test_a_name_never_runs_across_punctuation(db):
    make_actor("خليفة حفتر")
    assert linked("قال خليفة، حفتر") == []


def test_a_name_with_abd_links_written_as_one_word_or_two(db):
    make_actor("عبد الله الثني")
    assert linked("قال عبدالله الثني ثم عبد الله الثني، ولعبدالله الثني") == [
        ("عبدالله الثني", "عبد الله الثني"),
        ("عبد الله الثني", "عبد الله الثني"),
        ("عبدالله الثني", "عبد الله الثني"),
    ]


def test_a_short_acronym_links_only_in_capitals(db):
    make_actor("تنظيم الدولة الإسلامية", "داعش", "IS", "Islamic State")
    make_place("الولايات المتحدة", "US", "United States")
    make_actor("حلف شمال الأطلسي", "NATO")
    assert linked("قال داعش: IS fighters and the US") == [
        ("داعش", "تنظيم الدولة الإسلامية"), ("IS", "تنظيم الدولة الإسلامية"), ("US", "الولايات المتحدة"),
    ]  # fmt: skip
    assert linked("قال داعش: the world is flat, said one of us, وus") == [("داعش", "تنظيم الدولة الإسلامية")]
    assert linked("Islamic state") == [("Islamic state", "تنظيم الدولة الإسلامية")], "a name of words is no acronym"
    assert linked("قال Nato") == [("Nato", "حلف شمال الأطلسي")], "a longer one is the same name, a capital the first of its letters"


def test_an_acronym_is_held_to_capitals_by_its_own_entitys_spellings_only(db):
    make_place("الولايات المتحدة", "US")
    make_actor("مجموعة أخرى", "Us")  # the same letters: the trie keeps the first entity's
    assert linked("one of us said") == []


def test_a_latin_name_inside_a_web_or_mail_address_or_file_name_is_not_a_mention(db):
    make_place("ليبيا", "Libya")
    make_place("تونس", "Tunisia")
    text = "الرابط http://www.libya-herald.com/x و http://libya-herald.com و info@libya.gov.ly و Libya.pdf و وLibya.pdf"
    assert linked(text) == []
    assert linked("قالت Libya: نعم، ثم Libya. وLibya") == [("Libya", "ليبيا"), ("Libya", "ليبيا"), ("Libya", "ليبيا")]
    assert linked("the Libya/Tunisia border") == [("Libya", "ليبيا"), ("Tunisia", "تونس")], "a slash between names"
    assert linked("the U.S.-Libya deal") == [("Libya", "ليبيا")], "an abbreviation is no address"
    assert linked("في ليبيا.وقال") == [("ليبيا", "ليبيا")], "Arabic words glued by a full stop miss a space"


def test_a_latin_name_in_small_letters_or_inside_a_longer_latin_name_is_not_a_mention(db):
    make_place("فرنسا", "France")
    make_place("المملكة المتحدة", "UK", "United Kingdom")
    make_place("تونس", "Tunisia")
    assert linked("لقب «meilleur ouvrier de france» أحد أهم الألقاب") == []
    assert linked("شركة «دايكو» (DICO UK Property Holdings Ltd) في France") == [("France", "فرنسا")]
    assert linked("(UK) و(United Kingdom) وUK Property و in Tunis, Tunisia June 18") == [
        ("UK", "المملكة المتحدة"), ("United Kingdom", "المملكة المتحدة"), ("UK", "المملكة المتحدة"), ("Tunisia", "تونس"),
    ]  # fmt: skip
    assert linked("Protesters gather in Tunisia on Friday; the UK Security Council") == [
        ("Tunisia", "تونس"), ("UK", "المملكة المتحدة"),
    ]  # fmt: skip


def test_lam_lam_keeps_the_article_letter_in_the_link(db):
    make_actor("الأمم المتحدة")
    assert linked("الأمين العام للأمم المتحدة") == [("لأمم المتحدة", "الأمم المتحدة")]


def test_linking_the_seed_articles_matches_the_hand_checked_gold(seed_archive):
    """Precision and recall against every mention a person marked in the five seeds."""
    gazetteer = load_gazetteer()
    slugs = {("actor", pk): f"actor:{slug}" for pk, slug in Actor.objects.values_list("pk", "slug")}
    slugs |= {("place", pk): f"place:{slug}" for pk, slug in Place.objects.values_list("pk", "slug")}
    found, gold = set(), set()
    for path in SEED_ARTICLES:
        text = parse_article(path.read_bytes()).body  # offsets count into the body, after any header
        found |= {(path.name, m.start, m.end, slugs[m.entity]) for m in find_mentions(text, gazetteer)}
        gold |= {(path.name, m["start"], m["end"], m["entity"]) for m in GOLD[path.name]}
    correct = len(found & gold)
    assert correct / len(found) == 1.0, sorted(found - gold)
    assert correct / len(gold) >= 0.99, sorted(gold - found)


def mark(alias: str, linking: str) -> None:
    ActorAlias.objects.filter(name=alias).update(linking=linking)
    services.names_changed()


def test_a_common_word_is_not_read_as_a_proclitic_and_a_name(db):
    make_actor("علي كنة", "كنة")
    assert linked("لكنه قال، ولكنه عاد وقال إن اللواء كنة وصل") == [("كنة", "علي كنة")]


def test_an_ordinary_word_names_a_place_only_with_a_place_word_before_it_in_the_article(db):
    make_place("مالي", kind=Place.Kind.COUNTRY)
    assert linked("تلقى مبلغ مالي كبير من الشركة") == []
    assert linked("وصل الوفد إلى مالي أمس") == [("مالي", "مالي")]
    assert linked("تقع جمهورية مالي في غرب أفريقيا، وتحد مالي النيجر") == [("مالي", "مالي"), ("مالي", "مالي")]


def test_an_ordinary_word_names_a_place_in_a_list_of_places_or_with_a_preposition_on_it(db):
    make_place("مالي", kind=Place.Kind.COUNTRY)
    make_place("النيجر", kind=Place.Kind.COUNTRY)
    assert linked("انتشر المسلحون في شمال النيجر ومالي") == [("النيجر", "النيجر"), ("مالي", "مالي")]
    assert linked("عاد الوفد من مالي والنيجر") == [("مالي", "مالي"), ("النيجر", "النيجر")]
    assert linked("استقر اللاجئون بمالي منذ سنوات") == [("مالي", "مالي")]
    assert linked("تلقى دعما مالي ونقدي") == []


def test_a_generic_phrase_links_only_where_the_article_names_its_entity_unambiguously(db):
    make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    assert linked("رفع البنك المركزي سعر الفائدة") == []
    assert linked("قال مصرف ليبيا المركزي إن البنك المركزي سيصرف الرواتب") == [
        ("مصرف ليبيا المركزي", "مصرف ليبيا المركزي"),
        ("البنك المركزي", "مصرف ليبيا المركزي"),
    ]


def test_a_generic_phrase_links_where_the_article_names_the_place_its_longer_names_hold(db):
    make_place("ليبيا", kind=Place.Kind.COUNTRY)
    make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    assert linked("قال البنك المركزي إن الرواتب ستصرف في ليبيا") == [
        ("البنك المركزي", "مصرف ليبيا المركزي"),
        ("ليبيا", "ليبيا"),
    ]


def test_a_generic_phrase_is_not_its_country_s_where_the_article_names_another_country_more(db):
    make_place("ليبيا", kind=Place.Kind.COUNTRY)
    make_place("مصر", kind=Place.Kind.COUNTRY)
    make_place("مالي", kind=Place.Kind.COUNTRY)
    make_place("الولايات المتحدة", "الولايات المتحدة الأمريكية", "أمريكا", kind=Place.Kind.COUNTRY)
    make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    bank = ("البنك المركزي", "مصرف ليبيا المركزي")
    egypt = "تراجع احتياطي البنك المركزي في مصر، وتحملت مصر كلفة الحرب في ليبيا، والجنيه المصري يتراجع"
    assert linked(egypt) == [("مصر", "مصر"), ("مصر", "مصر"), ("ليبيا", "ليبيا")]
    # Libya's adjective counts for it: named once, and twice as the adjective, against Egypt twice.
    libya = "قال البنك المركزي إن الرواتب الليبية ستصرف رغم أزمة مصر وحرب مصر والدينار الليبي في ليبيا"
    assert bank in linked(libya)
    # As often is enough; a country's adjective inside its own name, and a word that is a
    # country's name but not linked («مالي», "financial"), count for nothing.
    assert bank in linked("قال البنك المركزي إن الرواتب ستصرف في ليبيا بحسب الولايات المتحدة الأمريكية")
    assert bank in linked("أعلن البنك المركزي في ليبيا عن عجز مالي كبير وعن دعم مالي")


def test_a_phrase_holding_a_places_adjective_is_a_name_and_the_generic_one_is_not(db):
    make_place("ليبيا", kind=Place.Kind.COUNTRY)
    make_actor("الجيش الوطني الليبي", "الجيش الوطني", "الجيش الليبي", kind=Actor.Kind.ARMED_GROUP)
    assert linked("تقدم الجيش الوطني نحو صنعاء") == []
    assert linked("تقدم الجيش الليبي نحو سرت") == [("الجيش الليبي", "الجيش الوطني الليبي")]


def test_an_editors_always_mark_links_an_ambiguous_alias_anyway(db):
    make_actor("مصرف ليبيا المركزي", "البنك المركزي", kind=Actor.Kind.ORGANISATION)
    mark("البنك المركزي", "always")
    assert linked("رفع البنك المركزي سعر الفائدة") == [("البنك المركزي", "مصرف ليبيا المركزي")]


def test_an_editors_evidence_mark_needs_a_title_before_a_plain_name(db):
    make_actor("خليفة حفتر", "حفتر")
    mark("حفتر", "with_evidence")
    assert linked("قال حفتر إنه باق") == []
    assert linked("قال المشير حفتر إنه باق") == [("حفتر", "خليفة حفتر")]


def test_a_title_alone_as_an_alias_links_only_where_the_article_names_its_person(db):
    make_actor("خليفة حفتر", "المشير")
    assert linked("استقبل المشير طنطاوي الوفد في مسجد المشير") == []
    assert linked("قال خليفة حفتر إن الجيش باق، وأضاف المشير أن الحرب طويلة") == [
        ("خليفة حفتر", "خليفة حفتر"),
        ("المشير", "خليفة حفتر"),
    ]


def test_a_persons_three_letter_name_alone_needs_evidence(db):
    make_actor("علي كنة", "كنة")
    assert linked("ألم كنه حلف يبقى كسير") == []
    assert linked("قال علي كنة إن كنة باق") == [("علي كنة", "علي كنة"), ("كنة", "علي كنة")]


def test_a_place_followed_by_the_adjective_of_a_region_is_another_place(db):
    make_place("ليبيا", kind=Place.Kind.COUNTRY)
    make_place("جنوب ليبيا", kind=Place.Kind.REGION)
    make_place("أمريكا", kind=Place.Kind.COUNTRY)
    assert linked("جال في أمريكا الجنوبية ثم عاد إلى أمريكا") == [("أمريكا", "أمريكا")]
    # Regions the gazetteer does not hold, named as other names (archive/data/other_names.txt).
    make_place("أوروبا", kind=Place.Kind.REGION)
    assert linked("تنمو اقتصادات أمريكا الوسطى وأوروبا الغربية ببطء، وتتراجع في أوروبا") == [("أوروبا", "أوروبا")]


def test_a_persons_surname_after_another_given_name_links_no_one(db):
    make_actor("صفية فركاش", "فركاش", "صفية فركاش البرعصي")
    make_actor("خليفة حفتر", "حفتر")
    assert linked("التقى عمرو فركاش بالوفد") == []
    assert linked("وصل محمد حفتر وعبد الرحمن حفتر وعبدالله فركاش") == []
    assert linked("قال وعمرو فركاش إنه عائد") == [], "and Amr Farkash"
    assert names_in_words(tokenize("عمرو فركاش"), load_gazetteer()) == [], "a query reads it so too"


def test_a_persons_surname_links_her_alone_or_after_her_own_given_name(db):
    make_actor("صفية فركاش", "فركاش", "صفية فركاش البرعصي")
    assert linked("قالت صفية فركاش إنها عائدة") == [("صفية فركاش", "صفية فركاش")]
    assert linked("وقالت فركاش إنها عائدة") == [("فركاش", "صفية فركاش")]
    assert linked("زوجته صفية فركاش البرعصي") == [("صفية فركاش البرعصي", "صفية فركاش")]
    assert linked("التقى عمرو وفركاش") == [("فركاش", "صفية فركاش")], "Amr and Farkash: two people"


def test_a_title_a_verb_or_the_persons_own_other_name_before_a_surname_still_links(db):
    make_actor("خليفة حفتر", "حفتر")
    make_actor("معمر القذافي", "القذافي", "معمر محمد أبو منيار القذافي")
    assert linked("التقى المشير حفتر، وقال حفتر إن خليفة حفتر باق") == [
        ("حفتر", "خليفة حفتر"), ("حفتر", "خليفة حفتر"), ("خليفة حفتر", "خليفة حفتر"),
    ]  # fmt: skip
    assert linked("حكم معمر محمد القذافي ليبيا") == [("القذافي", "معمر القذافي")], "محمد is his father's name"


def test_a_surname_after_a_name_chain_is_the_person_the_chain_begins_with(db):
    make_actor("عادل الجبير", "الجبير")
    assert linked("وصل عادل بن أحمد الجبير وعزام بن محمد الجبير") == [("الجبير", "عادل الجبير")]
    assert linked("وصل عادل أحمد الجبير وفهد محمد الجبير") == [("الجبير", "عادل الجبير")]
    assert linked("وصل فهد بن عبدالله الجبير") == []


def test_a_surname_after_another_given_name_leaves_the_person_named_after_a_title_all_their_other_mentions(db):
    make_actor("خليفة حفتر", "حفتر")
    assert linked("قال المشير حفتر إن نجله خالد حفتر عاد، وأكد حفتر ذلك") == [("حفتر", "خليفة حفتر"), ("حفتر", "خليفة حفتر")]
    assert linked("عاد خالد حفتر، والتقى السراج والمشير حفتر، وأكد حفتر ذلك") == [
        ("حفتر", "خليفة حفتر"), ("حفتر", "خليفة حفتر"),
    ], "a title with و on it"  # fmt: skip
    assert linked("قال مساعد حفتر إن حفتر عاد") == [("حفتر", "خليفة حفتر"), ("حفتر", "خليفة حفتر")], "مساعد: an aide"


def test_a_surname_at_the_end_of_a_name_chain_takes_that_mention_only(db):
    make_actor("خليفة حفتر", "حفتر")
    assert linked("استقبل محمد بن زايد حفتر في أبوظبي، وبحث حفتر معه الأوضاع") == [("حفتر", "خليفة حفتر")]


def test_a_surname_another_bears_in_the_article_is_theirs_throughout_unless_the_person_is_named(db):
    make_actor("صفية فركاش", "فركاش", "صفية فركاش البرعصي")
    make_actor("خليفة حفتر", "حفتر")
    assert linked("قال عمرو فركاش إنه عائد. ويضيف فركاش أن الأمر صعب. ويقول السيد «فركاش» إنه متفائل") == []
    assert linked("قال عمرو فركاش إنه التقى صفية فركاش، وقالت فركاش إنها عائدة") == [
        ("صفية فركاش", "صفية فركاش"), ("فركاش", "صفية فركاش"),
    ]  # fmt: skip
    assert linked("عاد خالد حفتر، وقال حفتر إن الوضع هادئ") == []
    assert linked("عاد خالد حفتر، وقال المشير حفتر إن الوضع هادئ، وأكد حفتر ذلك") == [
        ("حفتر", "خليفة حفتر"), ("حفتر", "خليفة حفتر"),
    ]  # fmt: skip


def test_the_end_of_an_organisations_name_is_no_surname(db):
    make_actor("قوات فجر ليبيا", "فجر ليبيا", kind=Actor.Kind.ARMED_GROUP)
    assert linked("وانتقد سالم فجر ليبيا") == [("فجر ليبيا", "قوات فجر ليبيا")], "Salem criticised Libya Dawn"


def test_the_given_names_learned_from_the_corpus_hold_no_title_or_verb():
    names = given_names()
    assert {"محمد", "عمرو", "عبد الله", "عبد الرحمن"} <= names
    assert not names & TITLES
    assert not names & {"قال", "اكد", "علي", "الي"}, "على and إلى, normalized, are no names"
