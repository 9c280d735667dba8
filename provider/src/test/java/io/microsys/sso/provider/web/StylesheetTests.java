package io.microsys.sso.provider.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stylesheet's blocks are closed: a media query left open (as a merge of two additions can
 * leave it) silently moves every later rule inside it, so wide screens lose them.
 */
class StylesheetTests {

	@Test
	void bracesWhenReadInOrderThenEveryBlockClosedWhereItStarted() throws IOException {
		String css = Files.readString(Path.of("src/main/resources/static/css/app.css"), StandardCharsets.UTF_8)
			.replaceAll("(?s)/\\*.*?\\*/", "");
		int depth = 0;
		int line = 1;
		for (char c : css.toCharArray()) {
			if (c == '\n') {
				line++;
			}
			else if (c == '{') {
				depth++;
				assertThat(depth).as("a block opened inside a rule or a second media query, line %d", line)
					.isLessThanOrEqualTo(2);
			}
			else if (c == '}') {
				depth--;
				assertThat(depth).as("a brace closing nothing, line %d", line).isGreaterThanOrEqualTo(0);
			}
		}
		assertThat(depth).as("blocks left open at the end").isZero();
		String[] blocks = css.split("@media");
		for (int i = 1; i < blocks.length; i++) {
			// A media query's rules are indented; a top-level rule before its closing brace means it was left open.
			assertThat(blocks[i].lines().skip(1).takeWhile((l) -> !l.equals("}")).filter((l) -> !l.isBlank()))
				.as("rules of a media query").allMatch((l) -> l.startsWith(" ") || l.startsWith("\t"));
		}
	}

}
