package io.microsys.sso.provider.api.settings;

import java.util.List;

import io.microsys.sso.provider.admin.transfer.ImportPlan;

/**
 * What an import does (a dry run) or did, object by object.
 *
 * @param mode {@code skip} or {@code overwrite}
 * @param applied whether it was applied ({@code dryRun=false}) or only planned
 * @param items every object of the document, in its order
 * @param appsNeedingSecret confidential apps created without a secret: generate one on the app
 * @param settingsToReEnter secret settings the document could not carry
 */
record ImportAnswer(String mode, boolean applied, List<Item> items, List<String> appsNeedingSecret,
		List<String> settingsToReEnter) {

	/**
	 * One object.
	 *
	 * @param kind {@code setting}, {@code scope}, {@code group}, {@code app} or {@code membership}
	 * @param name how it is known
	 * @param outcome {@code new}, {@code changed}, {@code unchanged} or {@code skipped}
	 * @param changes the fields that differ, now and in the document
	 * @param reason why it is skipped ({@code exists}, {@code secret}, {@code unknown-user}), or null
	 */
	record Item(String kind, String name, String outcome, List<ImportPlan.Change> changes, String reason) {
	}

	static ImportAnswer of(ImportPlan plan, boolean applied) {
		return new ImportAnswer(plan.mode().value(), applied,
				plan.items()
					.stream()
					.map((i) -> new Item(i.kind(), i.name(), i.outcome().value(), i.changes(), i.reason()))
					.toList(),
				plan.appsNeedingSecret(), plan.settingsToReEnter());
	}

}
