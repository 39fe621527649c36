// A "copy" button after every element marked data-copy, such as an article's citation: it
// copies the element's text. Without JavaScript the text can still be selected and copied.
document.querySelectorAll("[data-copy]").forEach((element) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "انسخ";
  button.addEventListener("click", async () => {
    window.getSelection().selectAllChildren(element);
    try {
      await navigator.clipboard.writeText(element.textContent);
    } catch {
      document.execCommand("copy");
    }
    button.textContent = "نُسخ";
    setTimeout(() => { button.textContent = "انسخ"; }, 2000);
  });
  element.after(button);
});
