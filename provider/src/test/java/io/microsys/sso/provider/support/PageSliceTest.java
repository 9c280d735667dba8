package io.microsys.sso.provider.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import io.microsys.sso.provider.access.AccessGuard;
import io.microsys.sso.provider.access.AdminPolicy;
import io.microsys.sso.provider.account.PasswordPolicy;
import io.microsys.sso.provider.client.ClientRepository;
import io.microsys.sso.provider.login.LogoutAudit;
import io.microsys.sso.provider.login.PersonChangeAtSignIn;
import io.microsys.sso.provider.login.SecondFactorGate;
import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.session.SignInCompletion;
import io.microsys.sso.provider.session.SignedInDevices;
import io.microsys.sso.provider.settings.ProviderProperties;

/**
 * A fast test of pages: the named controllers with MVC, Thymeleaf, the messages and the
 * provider's own application security chain (its access rules, the second-factor gate and its
 * 403 page), without a database or a server. The controllers' services are {@code @MockitoBean}s
 * of the test class; the chain's own collaborators (sign-in, sign-out, sessions) are mocked here.
 * Pair with {@link SignedInAs} for who is signed in, and MockMvc for the request.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@Import({ PageSliceTest.ApplicationChain.class, SecondFactorGate.class, SignInCompletion.class, PersonChangeAtSignIn.class, TestActors.class, TestAppAdmins.class,
		AdminPolicy.class, AccessGuard.class, TestScopeSystem.class, TestSecuritySettings.class, PasswordPolicy.class })
// Read by the filters the slice includes, bound from application.yml as at run time.
@EnableConfigurationProperties(ProviderProperties.class)
@MockitoBean(types = { ClientRepository.class, SignedInDevices.class, AuthenticationFailureHandler.class,
		LogoutAudit.class, FindByIndexNameSessionRepository.class, ProviderSessionEnd.class })
public @interface PageSliceTest {

	/** The controllers under test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value() default {};

	/**
	 * Beans left out of the slice, for a test of many controllers (for example
	 * {@link ConsoleControllersOnly}, with no {@link #value() controllers} named).
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "excludeFilters")
	ComponentScan.Filter[] excludeFilters() default {};

	/** The application chain's configuration, which is package-private in {@code web}. */
	final class ApplicationChain implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return new String[] { "io.microsys.sso.provider.web.WebSecurityConfiguration" };
		}

	}

}
