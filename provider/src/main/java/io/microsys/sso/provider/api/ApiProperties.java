package io.microsys.sso.provider.api;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the admin API and the SCIM server ({@code microsys.sso.api.*}). */
@ConfigurationProperties("microsys.sso.api")
@Validated
public class ApiProperties {

	/**
	 * Requests each caller (a service account or a person) may make per second on average, on each
	 * node; beyond it the API answers 429 with {@code Retry-After}. 0 turns the limit off.
	 */
	@Min(0)
	private double requestsPerSecond = 20;

	/** Requests a caller may make at once above the average (the bucket's size). */
	@Min(1)
	private int burst = 100;

	/** Whether signed-in staff may open the Swagger UI at {@code /api/admin/docs}. */
	private boolean docsUi = true;

	public double getRequestsPerSecond() {
		return this.requestsPerSecond;
	}

	public void setRequestsPerSecond(double requestsPerSecond) {
		this.requestsPerSecond = requestsPerSecond;
	}

	public int getBurst() {
		return this.burst;
	}

	public void setBurst(int burst) {
		this.burst = burst;
	}

	public boolean isDocsUi() {
		return this.docsUi;
	}

	public void setDocsUi(boolean docsUi) {
		this.docsUi = docsUi;
	}

}
