package io.microsys.sso.deploy.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file as BuildKit applies them: each line is a pattern
 * relative to the context's root ({@code *} and {@code ?} within one path element, {@code **} across
 * any number of them), a leading {@code !} takes a match back in, the last matching line wins, and a
 * pattern matching a folder matches everything under it.
 */
final class DockerIgnore {

	private final List<Rule> rules;

	private DockerIgnore(List<Rule> rules) {
		this.rules = rules;
	}

	static DockerIgnore read(Path file) throws IOException {
		List<Rule> rules = new ArrayList<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			String pattern = line.strip();
			if (pattern.isEmpty() || pattern.startsWith("#")) {
				continue;
			}
			boolean include = pattern.startsWith("!");
			if (include) {
				pattern = pattern.substring(1).strip();
			}
			pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
			rules.add(new Rule(regex(pattern), include));
		}
		return new DockerIgnore(List.copyOf(rules));
	}

	/** Whether {@code path} (relative to the context, with {@code /}) is left out of the context. */
	boolean excludes(String path) {
		boolean excluded = false;
		for (Rule rule : this.rules) {
			if (matchesItselfOrAParent(rule.pattern(), path)) {
				excluded = !rule.include();
			}
		}
		return excluded;
	}

	private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
		String candidate = path;
		while (true) {
			if (pattern.matcher(candidate).matches()) {
				return true;
			}
			int slash = candidate.lastIndexOf('/');
			if (slash < 0) {
				return false;
			}
			candidate = candidate.substring(0, slash);
		}
	}

	private static Pattern regex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
				regex.append(slashFollows ? "(?:.*/)?" : ".*");
				i += slashFollows ? 2 : 1;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

	private record Rule(Pattern pattern, boolean include) {
	}

}
