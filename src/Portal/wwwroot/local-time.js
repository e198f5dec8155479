// Shows every <time data-local> in the reader's own time zone (the page renders UTC, kept in the tooltip).
// A file, not an inline script: the Content-Security-Policy allows only the portal's own scripts.
(() => {
    const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    function localise() {
        for (const el of document.querySelectorAll("time[data-local]:not([data-localised])")) {
            const when = new Date(el.getAttribute("datetime"));
            if (isNaN(when)) continue;
            el.title = el.textContent.trim();
            el.textContent = format.format(when);
            el.setAttribute("data-localised", "");
        }
    }
    localise();
    // Blazor's enhanced navigation swaps page content without loading scripts again.
    new MutationObserver(localise).observe(document.body, { childList: true, subtree: true });
})();
