// A "copy" button after every <textarea data-copy>, such as an article's citation.
// Without JavaScript the text can still be selected and copied: the textarea is read-only.
document.querySelectorAll("textarea[data-copy]").forEach((textarea) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "انسخ";
  button.addEventListener("click", async () => {
    textarea.select();
    try {
      await navigator.clipboard.writeText(textarea.value);
    } catch {
      document.execCommand("copy");
    }
    button.textContent = "نُسخ";
    setTimeout(() => { button.textContent = "انسخ"; }, 2000);
  });
  textarea.addEventListener("focus", () => textarea.select());
  textarea.after(button);
});
