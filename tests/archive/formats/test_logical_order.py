from libya_archive.archive.formats.logical_order import fold_presentation_forms, is_visual_order, logical_lines, visual_to_logical
from tests.archive.formats.arabic_drawing import drawn


def test_presentation_forms_fold_to_the_base_letters_search_matches():
    # سرت in initial, medial and final forms; لا as one ligature; الله as one sign.
    assert fold_presentation_forms("\ufeb3\ufeae\ufe95 \ufefb \ufdf2") == "سرت لا الله"


def test_folding_leaves_every_other_character_as_written():
    text = "مدينة ٢٠١٦ x² ＡＢ ﷺ"
    assert fold_presentation_forms(text) == "مدينة ٢٠١٦ x² ＡＢ صلى الله عليه وسلم"


def test_an_isolated_vowel_sign_joins_its_letter_without_a_space():
    assert fold_presentation_forms("كتاب\ufe70") == "كتاب\u064b"


def test_a_line_stored_as_drawn_is_read_in_logical_order_with_numbers_and_latin_kept():
    logical = "قالت صحيفة The Telegraph في 10 مايو 2016 إن القوات دخلت سرت."
    drawn = ".ترس تلخد تاوقلا نإ 2016 ويام 10 يف The Telegraph ةفيحص تلاق"
    assert visual_to_logical(drawn) == logical


def test_two_numbers_side_by_side_keep_their_right_to_left_order():
    assert visual_to_logical("ةنيدملا يف 20 10 ددعلا غلب") == "بلغ العدد 10 20 في المدينة"


def test_a_page_in_visual_order_is_told_from_one_in_logical_order():
    logical = ["دخلت القوات مدينة سرت بعد معارك عنيفة.", "وقال المتحدث إن العمليات مستمرة في المنطقة."]
    drawn = [" ".join(word[::-1] for word in reversed(line.split())) for line in logical]
    assert not is_visual_order(" ".join(logical)) and is_visual_order(" ".join(drawn))
    assert logical_lines(drawn) == logical
    assert logical_lines(logical) == logical


def test_a_line_drawn_in_presentation_forms_reads_as_written_its_lam_alef_in_order():
    """Reversed before folding: the ligature ﻼ stands for ل then ا, so السلام does not come back as السالم."""
    line = "عاد السلام إلى المدينة في 2016"
    assert drawn(line) == "2016 ﻲﻓ ﺔﻨﻳﺪﻤﻟﺍ ﻰﻟﺇ ﻡﻼﺴﻟﺍ ﺩﺎﻋ"
    assert logical_lines([drawn(line)]) == [line]
