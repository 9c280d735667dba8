package io.microsys.sso.provider.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (nothing is downloaded). The
 * flags keep it off the network: only servers on loopback are visited.
 */
public final class Chromium {

	private static final Path BROWSER = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));

	private static final Path DRIVER = Path
		.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

	private Chromium() {
	}

	/**
	 * Waits until the browser shows the page at exactly this path of {@code origin} (any query). A
	 * prefix would not do: {@code "/"} matches the page the browser is still on.
	 */
	public static void waitForPage(ChromeDriver driver, String origin, String path) {
		new WebDriverWait(driver, Duration.ofSeconds(20)).until((d) -> {
			String url = d.getCurrentUrl();
			if (url == null || !url.startsWith(origin + "/")) {
				return false;
			}
			String rest = url.substring(origin.length());
			int end = rest.length();
			for (char stop : new char[] { '?', '#' }) {
				int at = rest.indexOf(stop);
				if (at >= 0 && at < end) {
					end = at;
				}
			}
			return rest.substring(0, end).equals(path);
		});
	}

	/** A fresh browser with an empty profile; close it with {@code quit()}. */
	public static ChromeDriver start(String acceptLanguage) {
		if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
			throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver "
					+ "(apt-get install chromium chromium-driver; .ci/run installs them)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1200,900", "--lang=" + acceptLanguage);
		options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
		// Console messages (CSP violations among them) are kept for the test to read.
		options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	/** Saves a screenshot as {@code target/screenshots/NAME.png}, for people to look at. */
	public static void screenshot(ChromeDriver driver, String name) {
		try {
			Path folder = Path.of("target", "screenshots");
			Files.createDirectories(folder);
			Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The Content-Security-Policy violations the browser reported so far. */
	public static List<LogEntry> cspViolations(ChromeDriver driver) {
		return driver.manage()
			.logs()
			.get("browser")
			.getAll()
			.stream()
			.filter((entry) -> entry.getMessage().contains("Content Security Policy"))
			.toList();
	}

}
