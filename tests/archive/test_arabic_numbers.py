import pytest

from libya_archive.archive.templatetags.arabic_numbers import counted_noun


@pytest.mark.parametrize(
    "number, noun",
    [(0, "مقالة"), (1, "مقالة"), (2, "مقالتان"), (3, "مقالات"), (10, "مقالات"), (11, "مقالة"), (99, "مقالة"),
     (100, "مقالة"), (103, "مقالات"), (1000, "مقالة")],
)
def test_a_count_takes_the_form_of_its_noun_that_arabic_gives_it(number, noun):
    assert counted_noun(number, "مقالة", "مقالتان", "مقالات") == noun
