package io.microsys.sso.deploy.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit reads one, as far as the checks need: comments and parser
 * directives dropped, continued lines joined, instructions grouped into stages by {@code FROM},
 * {@code --flags} split from the arguments, and {@code ${NAME}} of a global {@code ARG} replaced in
 * {@code FROM}.
 *
 * @param globalArgs the {@code ARG}s before the first {@code FROM}, with their defaults
 * @param stages the stages in order; the last one is the default build target
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

	static Dockerfile read(Path file) throws IOException {
		return parse(Files.readString(file, StandardCharsets.UTF_8));
	}

	static Dockerfile parse(String text) {
		Map<String, String> globalArgs = new LinkedHashMap<>();
		List<Stage> stages = new ArrayList<>();
		List<Instruction> current = null;
		String stageName = null;
		String stageBase = null;
		for (Instruction instruction : instructions(text)) {
			if (instruction.is("FROM")) {
				if (current != null) {
					stages.add(new Stage(stageName, stageBase, List.copyOf(current)));
				}
				List<String> words = instruction.words();
				stageBase = substitute(words.get(0), globalArgs);
				stageName = (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) ? words.get(2) : null;
				current = new ArrayList<>();
			}
			else if (current == null) {
				if (instruction.is("ARG")) {
					globalArgs.putAll(instruction.keyValues());
				}
				else {
					throw new IllegalArgumentException("Only ARG may come before the first FROM, not " + instruction);
				}
			}
			else {
				current.add(instruction);
			}
		}
		if (current != null) {
			stages.add(new Stage(stageName, stageBase, List.copyOf(current)));
		}
		return new Dockerfile(Map.copyOf(globalArgs), List.copyOf(stages));
	}

	/** Every instruction of the file, {@code FROM}s included, in order. */
	static List<Instruction> instructions(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder logical = new StringBuilder();
		for (String line : text.split("\\R", -1)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#")) {
				continue; // comments and parser directives, also between continued lines
			}
			if (trimmed.endsWith("\\")) {
				logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			logical.append(trimmed);
			String joined = logical.toString().strip();
			logical.setLength(0);
			if (!joined.isEmpty()) {
				instructions.add(Instruction.of(joined));
			}
		}
		if (!logical.toString().isBlank()) {
			throw new IllegalArgumentException("The file ends inside a continued line: " + logical);
		}
		return instructions;
	}

	static String substitute(String value, Map<String, String> variables) {
		Matcher matcher = VARIABLE.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			String replacement = variables.get(name);
			if (replacement == null) {
				throw new IllegalArgumentException("No value for ${" + name + "} in " + value);
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter((stage) -> name.equals(stage.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No stage named " + name));
	}

	/**
	 * One stage: {@code FROM base AS name} and what follows it up to the next {@code FROM}.
	 *
	 * @param name the stage's name, or null
	 * @param base the image or stage it starts from, with global ARGs replaced
	 * @param instructions its instructions after {@code FROM}
	 */
	record Stage(String name, String base, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.is(keyword)).toList();
		}

		Optional<Instruction> last(String keyword) {
			List<Instruction> found = all(keyword);
			return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
		}

	}

	/**
	 * One instruction.
	 *
	 * @param keyword upper case, e.g. {@code COPY}
	 * @param flags its leading {@code --name=value} (or {@code --name}) options, in order
	 * @param arguments the rest of the line
	 */
	record Instruction(String keyword, Map<String, String> flags, String arguments) {

		static Instruction of(String line) {
			String[] split = line.split("\\s+", 2);
			String keyword = split[0].toUpperCase(Locale.ROOT);
			String rest = (split.length > 1) ? split[1].strip() : "";
			Map<String, String> flags = new LinkedHashMap<>();
			while (rest.startsWith("--")) {
				String[] flagAndRest = rest.split("\\s+", 2);
				String flag = flagAndRest[0].substring(2);
				int equals = flag.indexOf('=');
				flags.merge((equals < 0) ? flag : flag.substring(0, equals), (equals < 0) ? "" : flag.substring(equals + 1),
						(a, b) -> a + "," + b);
				rest = (flagAndRest.length > 1) ? flagAndRest[1].strip() : "";
			}
			return new Instruction(keyword, Map.copyOf(flags), rest);
		}

		boolean is(String name) {
			return this.keyword.equals(name);
		}

		/** The arguments split on blanks, or the elements of the JSON array form. */
		List<String> words() {
			if (this.arguments.startsWith("[")) {
				return jsonArray(this.arguments);
			}
			return List.of(this.arguments.split("\\s+"));
		}

		/**
		 * The {@code name=value} pairs of {@code ENV}, {@code ARG} or {@code LABEL} (quotes removed); a
		 * bare {@code ARG name} maps to null.
		 */
		Map<String, String> keyValues() {
			Map<String, String> values = new LinkedHashMap<>();
			Matcher matcher = Pattern.compile("([^\\s=]+)(?:=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*))?").matcher(this.arguments);
			while (matcher.find()) {
				String value = matcher.group(2);
				if (value != null && value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
					value = value.substring(1, value.length() - 1);
				}
				values.put(matcher.group(1), value);
			}
			return values;
		}

		/** For {@code HEALTHCHECK}: the command after {@code CMD}, as words. */
		List<String> healthcheckCommand() {
			String command = this.arguments.replaceFirst("^CMD\\s+", "");
			return command.startsWith("[") ? jsonArray(command) : List.of("/bin/sh", "-c", command);
		}

		private static List<String> jsonArray(String text) {
			String inner = text.strip();
			if (!inner.startsWith("[") || !inner.endsWith("]")) {
				throw new IllegalArgumentException("Not a JSON array: " + text);
			}
			List<String> words = new ArrayList<>();
			Matcher matcher = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(inner);
			while (matcher.find()) {
				words.add(matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
			}
			return words;
		}

		@Override
		public String toString() {
			return this.keyword + " " + this.arguments;
		}

	}

}
