package io.microsys.sso.provider.admin.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The export and import from the command line:
 * {@code java -jar provider.jar --export=FILE [--memberships]} and
 * {@code java -jar provider.jar --import=FILE [--dry-run] [--mode=skip|overwrite]}. The provider
 * starts without listening on any port ({@code server.port=-1}), and without its start-up tasks,
 * against its configured database (the other arguments and the
 * environment configure it as usual), does the one thing and stops: status 0 when done, 1 with a
 * readable message for a bad document or a file it cannot read or write, 2 for bad arguments. A
 * dry run prints what the import would change and changes nothing.
 */
public final class TransferCommand {

	private static final String EXPORT = "--export=";

	private static final String IMPORT = "--import=";

	private static final String MODE = "--mode=";

	private static final String MEMBERSHIPS = "--memberships";

	private static final String DRY_RUN = "--dry-run";

	private TransferCommand() {
	}

	/** Whether the arguments ask for an export or import rather than for the server. */
	public static boolean requested(String[] args) {
		for (String arg : args) {
			if (arg.startsWith(EXPORT) || arg.startsWith(IMPORT)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs the command the arguments name with the application {@code source}.
	 * @return the process's exit status
	 */
	public static int run(Class<?> source, String[] args, PrintStream out, PrintStream err) {
		String export = null;
		String importFile = null;
		boolean memberships = false;
		boolean dryRun = false;
		String mode = null;
		List<String> others = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith(EXPORT)) {
				export = arg.substring(EXPORT.length());
			}
			else if (arg.startsWith(IMPORT)) {
				importFile = arg.substring(IMPORT.length());
			}
			else if (arg.equals(MEMBERSHIPS)) {
				memberships = true;
			}
			else if (arg.equals(DRY_RUN)) {
				dryRun = true;
			}
			else if (arg.startsWith(MODE)) {
				mode = arg.substring(MODE.length());
			}
			else if (!arg.startsWith("--server.port=") && !arg.startsWith("--management.server.port=")
					&& !arg.startsWith("--microsys.sso.command-line=")) {
				others.add(arg);
			}
		}
		String usage = usageProblem(export, importFile, memberships, dryRun, mode);
		if (usage != null) {
			err.println("microsys-sso: " + usage);
			err.println("usage: --export=FILE [--memberships] | --import=FILE [--dry-run] [--mode=skip|overwrite]");
			return 2;
		}
		byte[] content = null;
		if (importFile != null) {
			try {
				Path path = Path.of(importFile);
				if (Files.size(path) > SettingsImport.MAX_BYTES) {
					err.println("microsys-sso: " + importFile + ": the document is larger than "
							+ SettingsImport.MAX_BYTES / (1024 * 1024) + " MB");
					return 1;
				}
				content = Files.readAllBytes(path);
			}
			catch (IOException | RuntimeException ex) {
				err.println("microsys-sso: cannot read " + importFile + " (" + ex.getClass().getSimpleName() + ")");
				return 1;
			}
		}
		// The web application context the provider's beans need, without listening on any port.
		others.add("--server.port=-1");
		// Nor on the management port, which a running node on the same host holds.
		others.add("--management.server.port=-1");
		others.add("--microsys.sso.command-line=true");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(source)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=warn")
			.run(others.toArray(String[]::new))) {
			if (export != null) {
				return export(context, Path.of(export), memberships, out, err);
			}
			return importDocument(context, importFile, content, dryRun,
					(mode != null) ? ImportPlan.Mode.of(mode) : ImportPlan.Mode.SKIP, out, err);
		}
	}

	private static String usageProblem(String export, String importFile, boolean memberships, boolean dryRun,
			String mode) {
		if ((export == null) == (importFile == null)) {
			return "give either --export=FILE or --import=FILE";
		}
		if ((export != null && export.isBlank()) || (importFile != null && importFile.isBlank())) {
			return "the file name is missing";
		}
		if (export != null && (dryRun || mode != null)) {
			return "--dry-run and --mode belong to --import";
		}
		if (importFile != null && memberships) {
			return "--memberships belongs to --export (an import takes the memberships its document holds)";
		}
		if (mode != null && ImportPlan.Mode.of(mode) == null) {
			return "--mode is skip or overwrite";
		}
		return null;
	}

	private static int export(ConfigurableApplicationContext context, Path file, boolean memberships, PrintStream out,
			PrintStream err) {
		SettingsExport.Counts counts;
		try (OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			counts = context.getBean(SettingsExport.class).write(null, stream, memberships);
		}
		catch (IOException ex) {
			err.println("microsys-sso: cannot write " + file + " (" + ex.getClass().getSimpleName() + ")");
			return 1;
		}
		out.println("Exported " + counts + " to " + file);
		return 0;
	}

	private static int importDocument(ConfigurableApplicationContext context, String file, byte[] content,
			boolean dryRun, ImportPlan.Mode mode, PrintStream out, PrintStream err) {
		SettingsImport imports = context.getBean(SettingsImport.class);
		try {
			ImportPlan plan = dryRun ? imports.preview(null, content, mode) : imports.apply(null, content, mode);
			print(plan, dryRun, out);
			return 0;
		}
		catch (ImportProblems ex) {
			err.println("microsys-sso: " + file + " was not imported; nothing was changed:");
			ex.problems().forEach((problem) -> err.println("  " + problem));
			return 1;
		}
	}

	/** The diff, one object a line, and what is left to do by hand. */
	static void print(ImportPlan plan, boolean dryRun, PrintStream out) {
		out.println((dryRun ? "Dry run (nothing changed), mode " : "Imported, mode ") + plan.mode().value() + ": "
				+ plan.counts());
		for (ImportPlan.Item item : plan.items()) {
			out.println(item.outcome().value() + " " + item.kind() + " " + item.name()
					+ ((item.reason() != null) ? " (" + item.reason() + ")" : ""));
			for (ImportPlan.Change change : item.changes()) {
				out.println("    " + change.field() + ": " + change.before() + " -> " + change.after());
			}
		}
		plan.appsNeedingSecret()
			.forEach((app) -> out.println("to do: generate a secret for app " + app + " on its page"));
		plan.settingsToReEnter()
			.forEach((key) -> out.println("to do: enter the secret setting " + key + " again on the settings page"));
	}

}
