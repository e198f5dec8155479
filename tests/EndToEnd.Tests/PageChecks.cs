using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Course.EndToEnd.Tests;

/// <summary>
/// What every page must be: no sideways scroll on a phone, tap targets a finger can hit, a skip link, the current page
/// marked in the navigation, and no serious or critical axe-core violation at either width. Each check returns its
/// problems as lines naming the page, so one walk reports them all.
/// </summary>
public static class PageChecks
{
    /// <summary>At phone width: the page's own width, and the elements that stick out past the screen's edge.</summary>
    public static async Task<IReadOnlyList<string>> FitsAPhoneAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<Overflow>("""
            () => {
              const width = window.innerWidth;
              const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '');
              // Only the outermost culprits: an element inside a box that scrolls sideways is that box's business.
              const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
              const wide = [...document.body.querySelectorAll('*')].filter(e => e.checkVisibility() && e.getBoundingClientRect().right > width + 1 && !scrolls(e)).slice(0, 5).map(name);
              return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide };
            }
            """);
        return overflow.ScrollWidth <= overflow.InnerWidth ? []
            : [$"{page.Url}: scrolls sideways at {overflow.InnerWidth} px (the page is {overflow.ScrollWidth} px wide; too wide: {string.Join(", ", overflow.Wide)})"];
    }

    // Playwright fills what a script returns into settable properties.
    sealed record Overflow
    {
        public int ScrollWidth { get; init; }
        public int InnerWidth { get; init; }
        public string[] Wide { get; init; } = [];
    }

    /// <summary>At phone width: links in the navigation, buttons and fields at least 40 px tall (the menu opened first).</summary>
    public static async Task<IReadOnlyList<string>> TapTargetsAsync(IPage page)
    {
        var menu = page.Locator("header details.menu");
        if (await menu.CountAsync() == 1 && await menu.GetAttributeAsync("open") is null) await menu.Locator("summary").ClickAsync();
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('header nav a, header summary, button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
              .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
              .map(e => [e, e.getBoundingClientRect().height])
              .filter(([, h]) => h < 40)
              .map(([e, h]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.textContent || e.name || '').trim().slice(0, 30)}" ${h.toFixed(0)} px`)
            """);
        if (await menu.CountAsync() == 1) await menu.Locator("summary").ClickAsync(); // closed again, as it came
        return small.Select(s => $"{page.Url}: tap target under 40 px tall: {s}").ToList();
    }

    /// <summary>The first link skips to &lt;main id="main"&gt;; a navigation link to this very page says it is the current one.</summary>
    public static async Task<(IReadOnlyList<string> Problems, bool MarkedCurrent)> LandmarksAsync(IPage page)
    {
        var found = await page.EvaluateAsync<Landmarks>("""
            () => {
              const first = document.body.querySelector('a[href]');
              const here = location.href.split('#')[0];
              // A filtered or paged list (?student=…, ?page=2) is still that list's page.
              const path = location.origin + location.pathname;
              const links = [...document.querySelectorAll('header nav a')];
              return {
                skipLink: !!first && first.href === here + '#main' && !!document.querySelector('main#main'),
                unmarked: links.filter(a => a.href === path && a.getAttribute('aria-current') !== 'page').map(a => a.textContent.trim()),
                wronglyMarked: links.filter(a => a.href !== path && a.getAttribute('aria-current') === 'page' && !path.startsWith(a.href + '/')).map(a => a.textContent.trim()),
                marked: links.some(a => a.getAttribute('aria-current') === 'page'),
              };
            }
            """);
        var problems = new List<string>();
        if (!found.SkipLink) problems.Add($"{page.Url}: the first link is not a skip link to <main id=\"main\">");
        problems.AddRange(found.Unmarked.Select(l => $"{page.Url}: the navigation's \"{l}\" is this page but lacks aria-current=\"page\""));
        problems.AddRange(found.WronglyMarked.Select(l => $"{page.Url}: the navigation marks \"{l}\" as the current page"));
        return (problems, found.Marked);
    }

    sealed record Landmarks
    {
        public bool SkipLink { get; init; }
        public string[] Unmarked { get; init; } = [];
        public string[] WronglyMarked { get; init; } = [];
        public bool Marked { get; init; }
    }

    /// <summary>axe-core's serious and critical violations, each with its rule and the elements it names.</summary>
    public static async Task<IReadOnlyList<string>> AccessibleAsync(IPage page, int width)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url} at {width} px: axe {v.Impact} {v.Id} ({v.Help}) on {string.Join(" | ", v.Nodes.Take(5).Select(n => n.Target?.ToString()))}")
            .ToList();
    }
}
