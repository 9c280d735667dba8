package io.microsys.sso.provider.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The style sheet every page uses stays well formed: each block closed where it should be. A media
 * query left open (as merges of sections appended at the end can leave it) silently limits every
 * later rule to narrow screens.
 */
class StyleSheetTests {

	@Test
	void appCssWhenReadThenEveryBlockIsClosedAndRulesOutsideMediaQueriesAreAtTopLevel() throws IOException {
		String css = Files.readString(MessagesTests.RESOURCES.resolve("static/css/app.css"), StandardCharsets.UTF_8)
			.replaceAll("(?s)/\\*.*?\\*/", "");
		int depth = 0;
		int line = 1;
		boolean inMedia = false;
		for (int i = 0; i < css.length(); i++) {
			char c = css.charAt(i);
			if (c == '\n') {
				line++;
			}
			else if (c == '{') {
				int at = css.lastIndexOf('@', i);
				boolean media = at > css.lastIndexOf('}', i) && at > css.lastIndexOf(';', i)
						&& at > css.lastIndexOf('{', i - 1);
				assertThat(depth == 0 || (depth == 1 && inMedia))
					.as("line %d: a block opened inside another rule or a nested media query", line)
					.isTrue();
				assertThat(!media || depth == 0).as("line %d: a media query inside another one", line).isTrue();
				if (depth == 0) {
					inMedia = media;
				}
				depth++;
			}
			else if (c == '}') {
				depth--;
				assertThat(depth).as("line %d: a block closed that was not open", line).isNotNegative();
			}
		}
		assertThat(depth).as("blocks left open at the end").isZero();
	}

}
