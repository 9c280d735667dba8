package io.microsys.sso.provider;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import io.microsys.sso.provider.audit.AuditService;
import io.microsys.sso.provider.mail.Mailer;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider's package structure, read from its compiled classes: features depend one way, and
 * controllers reach data only through their feature's services. docs/architecture.md describes
 * the order.
 */
class ArchitectureTests {

	/**
	 * The top-level packages from the bottom up: each may use only packages before it in this list
	 * (docs/architecture.md says what each owns). A new feature package goes where its
	 * dependencies put it.
	 */
	static final List<String> LAYERS = List.of("support", "metrics", "settings", "persistence", "scope", "throttle",
			"audit", "account", "access", "client", "crypto", "outbox", "mail", "session", "twofactor", "login", "oidc", "profile",
			"registration", "setup", "admin", "api", "scim", "web");

	private static final String ROOT = "io.microsys.sso.provider";

	private static JavaClasses provider;

	@BeforeAll
	static void importProvider() {
		provider = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.microsys.sso.provider");
	}

	@Test
	void topLevelPackagesHaveNoCycles() {
		slices().matching("io.microsys.sso.provider.(*)..").should().beFreeOfCycles().check(provider);
	}

	@Test
	void eachPackageUsesOnlyThePackagesBelowIt() {
		for (int i = 0; i < LAYERS.size(); i++) {
			String[] above = LAYERS.subList(i + 1, LAYERS.size())
				.stream()
				.map((name) -> ROOT + "." + name + "..")
				.toArray(String[]::new);
			if (above.length > 0) {
				noClasses().that()
					.resideInAPackage(ROOT + "." + LAYERS.get(i) + "..")
					.should()
					.dependOnClassesThat()
					.resideInAnyPackage(above)
					.check(provider);
			}
		}
	}

	@Test
	void everyTopLevelPackageHasItsPlaceInTheLayers() {
		Set<String> packages = provider.stream()
			.map(JavaClass::getPackageName)
			.filter((name) -> name.startsWith(ROOT + "."))
			.map((name) -> name.substring(ROOT.length() + 1).split("\\.")[0])
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(packages).containsExactlyInAnyOrderElementsOf(LAYERS);
	}

	@Test
	void packagesInsideAFeatureHaveNoCycles() {
		slices().matching("io.microsys.sso.provider.(**)").should().beFreeOfCycles().check(provider);
	}

	@Test
	void controllersDoNotQueryTheDatabase() {
		noClasses().that()
			.areAnnotatedWith(Controller.class)
			.or()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat(or(assignableTo(Repository.class), assignableTo(JdbcOperations.class),
					assignableTo(NamedParameterJdbcOperations.class), assignableTo(JdbcClient.class),
					assignableTo(jakarta.persistence.EntityManager.class)))
			.because("a controller binds a form, calls one service method and chooses a view")
			.check(provider);
	}

	@Test
	void controllersLeaveAuditEntriesAndMailsToEvents() {
		noClasses().that()
			.areAnnotatedWith(Controller.class)
			.or()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat(assignableTo(AuditService.class))
			.orShould()
			.callMethodWhere(target(owner(assignableTo(Mailer.class))).and(target(nameStartingWith("send"))))
			.because("audit entries and mails follow from the domain events services publish (docs/events.md)")
			.check(provider);
	}

	@Test
	void onlyTheAuditTrailWritesAuditEntries() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".audit..")
			.should()
			.callMethodWhere(target(owner(assignableTo(AuditService.Entry.class))).and(target(nameStartingWith("record"))))
			.because("every audit entry follows from a published Audited event, so no action can forget one")
			.check(provider);
	}

}
