// Next / previous hit on an article opened from a search: the links and the n / p keys.
// The navigator stays at the top of the screen (sticky), so each hit is brought to the
// middle of the screen, below it, and the navigator says which hit it is: «3 من 17».
(function () {
  const hits = Array.from(document.querySelectorAll("mark[id^='hit-']"));
  const position = document.querySelector(".hit-position");
  if (!hits.length) return;
  let current = Math.max(0, hits.findIndex((hit) => "#" + hit.id === window.location.hash));

  function show(index) {
    current = (index + hits.length) % hits.length;
    hits.forEach((hit) => hit.classList.remove("current"));
    hits[current].classList.add("current");
    hits[current].scrollIntoView({ block: "center" });
    history.replaceState(null, "", "#" + hits[current].id);
    position.querySelector("[data-hit-current]").textContent = current + 1;
    position.hidden = hits.length < 2;  // «1 من 1» says nothing «موضع واحد» does not
  }

  document.querySelectorAll("[data-hit-nav]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      show(current + (link.dataset.hitNav === "next" ? 1 : -1));
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n") show(current + 1);
    if (event.key === "p") show(current - 1);
  });
  show(current);
})();
