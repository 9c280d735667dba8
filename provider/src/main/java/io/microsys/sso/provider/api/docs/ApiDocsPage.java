package io.microsys.sso.provider.api.docs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

import io.microsys.sso.provider.api.AdminApi;

/**
 * The Swagger UI of the admin API at {@value #PATH}, for signed-in staff (the web chain lets only
 * them in, as for the console), unless {@code microsys.sso.api.docs-ui} is false. Our own page
 * rather than the webjar's {@code index.html}: the strict CSP runs only scripts carrying the
 * request's nonce, so the page loads the webjar's bundle (served below {@value #ASSETS}) and starts
 * it with a nonce. "Try it out" sends a bearer token the person pastes under "Authorize".
 */
@Controller
@ConditionalOnBooleanProperty(name = "microsys.sso.api.docs-ui", matchIfMissing = true)
class ApiDocsPage {

	/** The page. */
	static final String PATH = "/api/admin/docs";

	/** The Swagger UI webjar's files, by name without their version ({@code swagger-ui/swagger-ui-bundle.js}). */
	static final String ASSETS = PATH + "/assets/";

	static final String VIEW = "api/docs";

	@GetMapping({ PATH, PATH + "/" })
	String page(Model model) {
		model.addAttribute("documentUrl", AdminApi.OPENAPI);
		model.addAttribute("assets", ASSETS + "swagger-ui/");
		return VIEW;
	}

	/** The webjar's files, found without their version (the webjars locator adds it). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "microsys.sso.api.docs-ui", matchIfMissing = true)
	static class Assets implements WebMvcConfigurer {

		@Override
		public void addResourceHandlers(ResourceHandlerRegistry registry) {
			registry.addResourceHandler(ASSETS + "**")
				.addResourceLocations("classpath:/META-INF/resources/webjars/")
				.resourceChain(true)
				.addResolver(new LiteWebJarsResourceResolver());
		}

	}

}
