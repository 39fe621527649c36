"""The names the shipped gazetteer (seeds/gazetteer.json) links in real sentences, and the
ones it must not: a prayer, a ligament, a verb, another country's city of the same name."""

from libya_archive.archive.models import Place
from tests.archive.test_linking import linked
from tests.factories import make_place


def test_the_shipped_gazetteer_links_morocco_but_not_the_sunset_prayer_of_the_same_name(gazetteer):
    assert linked("أدى المصلون صلاة المغرب في المسجد الكبير، ثم رُفع أذان العشاء") == []
    assert linked("وصل الوفد إلى المغرب أمس، وقال إن المغرب شريك مهم") == [("المغرب", "المغرب"), ("المغرب", "المغرب")]
    assert linked("تتصدر مصر والمغرب القائمة، ويليهما الاستثمار بالمغرب") == [
        ("مصر", "مصر"), ("المغرب", "المغرب"), ("المغرب", "المغرب"),
    ]  # fmt: skip


def test_the_shipped_gazetteer_links_rabat_but_not_the_knee_ligament_of_the_same_name(gazetteer):
    assert linked("غاب اللاعب بعد إصابته بقطع في الرباط الصليبي، وقال إن أجر الرباط عظيم") == []
    assert linked("استقبل الملك في الرباط وزير الخارجية، وغادر الرباط مساء") == [("الرباط", "الرباط"), ("الرباط", "الرباط")]
    # Aden's district of the name, in a story that names Yemen and never Morocco.
    assert linked("قصفت طائرات التحالف مخزنا في منطقة الرباط شمال عدن، وقال مسؤول في اليمن إن القصف مستمر") == [("اليمن", "اليمن")]
    # اليُمن, "good fortune", in a greeting is not Yemen.
    assert linked("أعاده الله على الجميع باليمن والبركات، وعلى اليمن بالسلام") == [("اليمن", "اليمن")]


def test_the_shipped_gazetteer_links_sirte_but_not_the_verb_of_the_same_letters(gazetteer):
    assert linked("كسرت أسعار الذهب مستويات الدعم، وسرت أنباء عن ارتفاعها") == []
    assert linked("سيطر التنظيم على مدينة سرت، ثم انسحب من سرت") == [("سرت", "سرت"), ("سرت", "سرت")]
    assert linked("قالت ليبيا إن قوات التنظيم تحاصر سرت") == [("ليبيا", "ليبيا"), ("سرت", "سرت")]


def test_the_shipped_gazetteer_links_libyas_tripoli_but_not_lebanons(gazetteer):
    # Libya named anywhere, a list with a Libyan place, a preposition: the capital of Libya.
    assert linked("أعلنت ليبيا أن محكمة استئناف طرابلس أصدرت حكمها") == [("ليبيا", "ليبيا"), ("طرابلس", "طرابلس")]
    assert linked("تسيطر الميليشيات على مدن كبيرة مثل طرابلس ومصراتة") == [("طرابلس", "طرابلس"), ("مصراتة", "مصراتة")]
    assert linked("توقفت الرحلات الجوية إلى طرابلس العاصمة") == [("طرابلس", "طرابلس")]
    assert linked("زار الوفد طرابلس الليبية") == [("طرابلس الليبية", "طرابلس")]
    # Tripoli in Lebanon, with nothing of Libya beside it: Lebanon is linked, not Tripoli.
    assert linked("دعا مفتي طرابلس الشيخ مالك الشعار السياسيين في لبنان إلى التهدئة") == [("لبنان", "لبنان")]
    assert linked("تختلف الحلويات بين أهل طرابلس وصيدا") == []
    # Said to be in it, in a story that names Lebanon and never Libya; a Libyan story naming
    # a neighbour and never Libya, or naming Tripoli plainly once, keeps it.
    assert linked("اشتبك علويون من جبل محسن في طرابلس مع مسلحين، وقال نائب لبناني إن الجيش انتشر") == []
    assert linked("اشتبكت الميليشيات في طرابلس، وقالت تونس إنها أغلقت المعبر") == [("طرابلس", "طرابلس"), ("تونس", "تونس")]
    assert linked("وصل الوفد إلى طرابلس الليبية، ثم اجتمع في طرابلس مع نائب لبناني") == [
        ("طرابلس الليبية", "طرابلس"), ("طرابلس", "طرابلس"),
    ]  # fmt: skip
    # Said once to be Lebanon's, quoted or not, Tripoli is Lebanon's all through the article.
    assert linked('نفى أنه رفض الغناء في مدينة "طرابلس" اللبنانية، وقال إنه يحب مدينة طرابلس وأهلها') == []


def test_the_shipped_gazetteer_tells_saif_al_islam_from_his_father_and_libya_dawn_from_libya(gazetteer):
    assert linked("أصدرت محكمة تابعة لميليشيات فجر ليبيا حكما بالإعدام على سيف الإسلام القذافي") == [
        ("ميليشيات فجر ليبيا", "فجر ليبيا"), ("سيف الإسلام القذافي", "سيف الإسلام القذافي"),
    ]  # fmt: skip
    assert linked("حكم معمر القذافي ليبيا أربعة عقود") == [("معمر القذافي", "معمر القذافي"), ("ليبيا", "ليبيا")]


def test_the_shipped_gazetteer_links_a_place_spelt_as_its_adjective_after_from_or_with_but_not_the_adjective(gazetteer):
    assert linked("عززت تركيا الحدود مع سورية") == [("تركيا", "تركيا"), ("سورية", "سوريا")]
    assert linked("وصلت أرتال التنظيم القادمة من سورية") == [("سورية", "سوريا")]
    assert linked("أعلنت سلطات سورية إغلاق المعبر") == []
    # Where the article names Syria plainly, سورية after a noun in ة or after غير is still "Syrian".
    assert linked("لجأت عائلة سورية إلى الأردن هربا من الحرب في سوريا") == [("سوريا", "سوريا")]
    assert linked("فر مقاتلون من جنسيات غير سورية من سوريا") == [("سوريا", "سوريا")]
    assert linked("سرق التنظيم مليار ليرةٍ سورية في سوريا، وقاتل في شمال سورية") == [("سوريا", "سوريا"), ("سورية", "سوريا")]
    assert linked("زار الوفد سوريا، والعراق لا يشبه سورية") == [("سوريا", "سوريا"), ("العراق", "العراق"), ("سورية", "سوريا")]
    assert linked("وصلت ليرة\u200c سورية وليرۃ سورية من سوريا") == [("سوريا", "سوريا")], "a joiner or ۃ after the ة"
    # Nor after و on it, before أخرى or و and another adjective, or between a plural and an adjective.
    assert linked("كشفت مصادر عراقية وسورية متطابقة أن التنظيم انسحب من سوريا") == [("سوريا", "سوريا")]
    assert linked("سيطر التنظيم على مدن كبيرة ومدنا سورية أخرى في سوريا") == [("سوريا", "سوريا")]
    assert linked("قُتل قياديون من جنسيات سورية وعربية في سوريا") == [("سوريا", "سوريا")]
    assert linked("قالت مصادر سورية معارضة إن تنظيمات سورية متحالفة انسحبت من سوريا") == [("سوريا", "سوريا")]
    # But the place, after و or between a plural and another word, where it is no adjective.
    assert linked("قاتل التنظيم في العراق وسورية") == [("العراق", "العراق"), ("سورية", "سوريا")]
    assert linked("انتشرت قوات في مناطق سورية، وفي سوريا كلها") == [("سورية", "سوريا"), ("سوريا", "سوريا")]
    assert linked("زار الوفد سوريا، ثم زار سورية مرة ثانية") == [("سوريا", "سوريا"), ("سورية", "سوريا")]
    # After a preposition, و and a noun in ية is another noun (عملية, حماية), not an adjective.
    for sentence in [
        "الأزمة في سورية وعملية السلام", "وقف القتال في سورية وحماية المدنيين", "إلى سورية وبقية دول المنطقة",
        "عن سورية وقضية اللاجئين", "بين سورية وجمهورية إيران", "من سورية وتركية", "المنطقة العربية عامة وسورية خاصة",
        "العلاقات بين أنقرة وسورية",
    ]:
        assert ("سورية", "سوريا") in linked(sentence + "، وفي سوريا قتل كثيرون"), sentence
    # An ordinary word after them is no place: "from my own money", "from sunset to the night prayer".
    assert linked("دفعت الكفالة من مالي الخاص") == []
    assert linked("بقينا في المسجد من المغرب إلى العشاء") == []


def test_the_seed_gazetteer_names_libyas_neighbours_and_south_sudan_is_not_sudan(gazetteer):
    assert linked("عبر المهاجرون من تشاد والسودان إلى ليبيا، ومن الجزائر ولبنان") == [
        ("تشاد", "تشاد"),
        ("السودان", "السودان"),
        ("ليبيا", "ليبيا"),
        ("الجزائر", "الجزائر"),
        ("لبنان", "لبنان"),
    ]
    assert linked("تتواصل الحرب في جنوب السودان") == []
    assert linked("زار تشاد هيرلي، مؤسس يوتيوب، تشاد") == [("تشاد", "تشاد")]  # a man named Chad, then the country


def test_a_name_holding_a_places_name_that_names_something_else_links_nothing(gazetteer):
    make_place("النيجر", kind=Place.Kind.COUNTRY)
    assert linked("خسرت الأرجنتين نهائي كوبا أمريكا، وسافر المدرب إلى أمريكا") == [("أمريكا", "الولايات المتحدة")]
    assert linked("تنمو اقتصادات أميركا اللاتينية ببطء") == []
    assert linked("غاب اللاعب لقطع في الرباط المتصالب") == []
    assert linked("تأهلت روسيا البيضاء على حساب روسيا") == [("روسيا", "روسيا")]
    assert linked("فاز بروسيا دورتموند على أمريكا المكسيكي، وأعلن بنك أوف أميركا أرباحه") == []
    assert linked("ارتفع سهم الإمارات دبي الوطني") == []  # a bank
    assert linked("هاجم المسلحون منشآت النفط في دلتا النيجر جنوب نيجيريا") == [("نيجيريا", "نيجيريا")]
    assert linked("أوقف الاتحاد الأوروبي لكرة القدم اللاعب، ورحب الاتحاد الأوروبي بالقرار") == [
        ("الاتحاد الأوروبي", "الاتحاد الأوروبي"),
    ]  # fmt: skip
