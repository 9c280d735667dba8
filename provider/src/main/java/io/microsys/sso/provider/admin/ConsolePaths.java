package io.microsys.sso.provider.admin;

/** Which request paths are console pages: {@code /sys} and below, first-run setup aside. */
final class ConsolePaths {

	private ConsolePaths() {
	}

	static boolean isConsole(String path) {
		return (path.equals("/sys") || path.startsWith("/sys/")) && !path.equals("/sys/setup")
				&& !path.startsWith("/sys/setup/");
	}

}
