// In the admin, under each alias an editor types: what the spelling would link, before saving.
"use strict";

function previewUrl(name) {
  const path = window.location.pathname;
  const change = path.match(/^(.*\/)(\d+)\/change\/$/);
  const base = change ? change[1] : path.replace(/add\/$/, "");
  const url = new URL(base + "alias-preview/", window.location.origin);
  url.searchParams.set("name", name);
  if (change) url.searchParams.set("pk", change[2]);
  return url;
}

document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !/^aliases-\d+-name$/.test(input.name)) return;
  let note = input.parentElement.querySelector(".alias-preview");
  if (!note) {
    note = document.createElement("p");
    note.className = "alias-preview help";
    note.setAttribute("aria-live", "polite");
    input.after(note);
  }
  note.textContent = "";
  if (!input.value.trim()) return;
  const response = await fetch(previewUrl(input.value.trim()), { credentials: "same-origin" });
  if (response.ok) note.textContent = (await response.json()).text;
});
