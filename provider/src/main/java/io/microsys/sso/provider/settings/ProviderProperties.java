package io.microsys.sso.provider.settings;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the provider as a whole ({@code microsys.sso.*}): where it keeps its files, its
 * issuer, its master key and the reverse proxies in front of it. Each feature has its own
 * properties class for the groups below this prefix.
 */
@ConfigurationProperties("microsys.sso")
@Validated
public class ProviderProperties {

	/** Folder holding the embedded database and the generated master key file. */
	@NotNull
	private Path dataDir = Path.of("data");

	/** The issuer identifier; every protocol endpoint lives under it. */
	@NotBlank
	private String issuer = "http://localhost:9000/o";

	/**
	 * Base64 of a 32-byte key that encrypts signing keys and stored tokens. When empty, a key file is
	 * created in the data folder on first start.
	 */
	private String masterKey;

	/**
	 * Addresses or CIDR blocks of the reverse proxies in front (e.g. 10.0.0.5,10.1.0.0/16). Only from
	 * these are the X-Forwarded-* headers believed; by default none, and the client is the TCP peer.
	 */
	@NotNull
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * The language of pages for a browser that asks for none the provider has ({@code en} or
	 * {@code ar}); the settings page can change it.
	 */
	@NotNull
	@Pattern(regexp = "en|ar", message = "must be en or ar")
	private String defaultLanguage = "en";

	public String getDefaultLanguage() {
		return this.defaultLanguage;
	}

	public void setDefaultLanguage(String defaultLanguage) {
		this.defaultLanguage = defaultLanguage;
	}

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public String getMasterKey() {
		return this.masterKey;
	}

	public void setMasterKey(String masterKey) {
		this.masterKey = masterKey;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	/** Where the pages are: the issuer's scheme, host and port (for links in email). */
	public String baseUrl() {
		URI uri = URI.create(this.issuer);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

}
