package io.microsys.sso.provider.setup;

import jakarta.validation.constraints.AssertTrue;

import io.microsys.sso.provider.settings.RuntimeSettings.Branding;
import io.microsys.sso.provider.support.Forms;

/**
 * What the settings page's branding form posts: the logo's address ({@code https} only, or
 * nothing for none) and the primary colour ({@code #rrggbb}, or nothing for the default).
 */
record BrandingForm(String logoUrl, String colour) {

	/** The form as the page shows it for the current branding. */
	static BrandingForm of(Branding branding) {
		return new BrandingForm(branding.logoUrl(), branding.colour());
	}

	/** The logo must be an {@code https} address (its error is shown beside it). */
	@AssertTrue(message = "{settings.branding.error.logo}")
	public boolean isLogoUrlValid() {
		String logo = Forms.blankToNull(this.logoUrl);
		return logo == null || Branding.isLogoUrl(logo);
	}

	/** The colour must be {@code #rrggbb} (its error is shown beside it). */
	@AssertTrue(message = "{settings.branding.error.colour}")
	public boolean isColourValid() {
		String colour = Forms.blankToNull(this.colour);
		return colour == null || Branding.isColour(colour);
	}

	/** The branding asked for (once valid); the colour in lower case. */
	Branding branding() {
		String colour = Forms.blankToNull(this.colour);
		return new Branding(Forms.blankToNull(this.logoUrl),
				(colour != null) ? colour.toLowerCase(java.util.Locale.ROOT) : null);
	}

	/** The same form to show again, each field at most as long as it may be. */
	BrandingForm forDisplay() {
		return new BrandingForm(Forms.clip(this.logoUrl, Branding.MAX_LOGO_URL), Forms.clip(this.colour, 7));
	}

}
