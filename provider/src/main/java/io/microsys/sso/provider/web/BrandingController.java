package io.microsys.sso.provider.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.microsys.sso.provider.settings.RuntimeSettings;

/**
 * The primary colour set on {@code /sys/settings}, as a style sheet the pages link to after
 * {@code app.css}: a custom property, not an inline style the strict security policy would block.
 * Public (under {@code /css}) and cached briefly.
 */
@Controller
class BrandingController {

	static final String PATH = "/css/branding.css";

	private final RuntimeSettings settings;

	BrandingController(RuntimeSettings settings) {
		this.settings = settings;
	}

	@GetMapping(PATH)
	ResponseEntity<String> css() {
		String colour = this.settings.branding().colour();
		// Validated when stored and again when read: only #rrggbb reaches the style sheet.
		String css = RuntimeSettings.Branding.isColour(colour) ? ":root { --accent: " + colour + "; }\n" : "";
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
			.body(css);
	}

}
