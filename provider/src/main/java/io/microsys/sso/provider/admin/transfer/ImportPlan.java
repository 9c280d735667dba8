package io.microsys.sso.provider.admin.transfer;

import java.util.List;

/**
 * What an import does, object by object, before anything is written: the dry run's diff, and the
 * list the apply step follows.
 *
 * @param mode what happens to objects that exist already
 * @param items every object of the document, in document order
 * @param appsNeedingSecret confidential apps the import creates (or makes confidential): an
 * operator generates their secret on the app's page
 * @param settingsToReEnter secret settings the document could not carry
 */
public record ImportPlan(Mode mode, List<Item> items, List<String> appsNeedingSecret, List<String> settingsToReEnter) {

	/** What the import does to objects that exist already. */
	public enum Mode {

		/** Leave them as they are; only new objects are created. */
		SKIP,
		/** Set them to the document's values (what the document leaves out stays). */
		OVERWRITE;

		/** {@code skip} or {@code overwrite}, as forms and the command line spell it. */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		/** The mode spelled {@code value}, or null. */
		public static Mode of(String value) {
			for (Mode mode : values()) {
				if (mode.value().equals(value)) {
					return mode;
				}
			}
			return null;
		}

	}

	/** What happens to one object. */
	public enum Outcome {

		NEW, CHANGED, UNCHANGED, SKIPPED;

		/** {@code new}, {@code changed}… for messages and CSS classes. */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * One object of the document.
	 * @param kind {@code setting}, {@code scope}, {@code group}, {@code app} or {@code membership}
	 * @param name how the object is known ({@code mail.host}, {@code Finance}, {@code crm / bob})
	 * @param outcome what happens to it
	 * @param changes the fields that differ (also for a skipped existing object, to show what is kept)
	 * @param reason why it is skipped: {@code exists}, {@code secret} or {@code unknown-user}; else null
	 */
	public record Item(String kind, String name, Outcome outcome, List<Change> changes, String reason) {
	}

	/** One field that differs: its value now and in the document. */
	public record Change(String field, String before, String after) {
	}

	/** How many objects have this outcome. */
	public long count(Outcome outcome) {
		return this.items.stream().filter((item) -> item.outcome() == outcome).count();
	}

	/** {@code new=3 changed=1 unchanged=10 skipped=2}, for the activity log and the command line. */
	public String counts() {
		return "new=" + count(Outcome.NEW) + " changed=" + count(Outcome.CHANGED) + " unchanged="
				+ count(Outcome.UNCHANGED) + " skipped=" + count(Outcome.SKIPPED);
	}

}
