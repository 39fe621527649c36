// A box over a long facet (one with «more»): typing keeps only the values holding what is
// typed, in any of the spellings the search folds (hamza on any seat, ta marbuta, alef
// maqsura, Persian letters, diacritics), opens «more» to show those among the rest, and
// says so when none holds it.
(function () {
  const fold = (text) => text.toLowerCase()
    .replace(/[\u064B-\u0652\u0670\u0640\u200B-\u200D]/g, "")
    .replace(/[أإآٱ]/g, "ا").replace(/ؤ/g, "و").replace(/[ئىیے]/g, "ي")
    .replace(/[ةۀہھەۃ]/g, "ه").replace(/[کڪ]/g, "ك");

  document.querySelectorAll("[data-facet-filter]").forEach((facet) => {
    const box = facet.querySelector(".facet-filter");
    const more = facet.querySelector("details.more");
    const none = facet.querySelector(".facet-none");
    const values = Array.from(facet.querySelectorAll("li"));
    box.hidden = false;
    box.addEventListener("input", () => {
      const typed = fold(box.value.trim());
      values.forEach((value) => { value.hidden = typed !== "" && !fold(value.textContent).includes(typed); });
      if (typed) more.open = true;
      // A live region's text is changed, not the region shown, so that screen readers say it.
      none.textContent = values.some((value) => !value.hidden) ? "" : none.dataset.none;
    });
  });
})();
