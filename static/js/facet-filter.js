// A box over a long facet (one with «more»): typing keeps only the values holding what is
// typed, in any of the spellings the search folds (hamza, ta marbuta, alef maqsura,
// diacritics), and opens «more» to show those among the rest.
(function () {
  const fold = (text) => text.toLowerCase()
    .replace(/[\u064B-\u0652\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا").replace(/ة/g, "ه").replace(/ى/g, "ي");

  document.querySelectorAll("[data-facet-filter]").forEach((facet) => {
    const box = facet.querySelector(".facet-filter");
    const more = facet.querySelector("details.more");
    const values = Array.from(facet.querySelectorAll("li"));
    box.hidden = false;
    box.addEventListener("input", () => {
      const typed = fold(box.value.trim());
      values.forEach((value) => { value.hidden = typed !== "" && !fold(value.textContent).includes(typed); });
      if (typed) more.open = true;
    });
  });
})();
