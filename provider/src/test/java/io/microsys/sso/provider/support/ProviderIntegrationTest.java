package io.microsys.sso.provider.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full provider on a free port over the test database (H2, or MySQL in the MySQL run: tests
 * with this annotation are tagged {@code db} and run against both). The test class takes its
 * {@link Provider} (context, issuer, origin, fixtures) as a constructor parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = ProviderTestInitializer.class)
@Tag("db")
@ExtendWith(ProviderExtension.class)
public @interface ProviderIntegrationTest {

}
