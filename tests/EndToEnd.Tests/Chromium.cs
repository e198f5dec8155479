using Microsoft.Playwright;

namespace Course.EndToEnd.Tests;

/// <summary>Debian's Chromium driven by Playwright; no browser is downloaded.</summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>The binary itself: Debian's /usr/bin/chromium is a shell wrapper that adds flags of its own.</summary>
    public const string ExecutablePath = "/usr/lib/chromium/chromium";

    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Tests reach loopback only: no sync, updates, QUIC or background fetches.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

/// <summary>One portal and one browser for every end-to-end test; the tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<PortalServer>, ICollectionFixture<Chromium>
{
    public const string Name = "end to end";
}
