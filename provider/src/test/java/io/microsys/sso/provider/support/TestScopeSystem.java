package io.microsys.sso.provider.support;

import io.microsys.sso.provider.settings.ScopeSystem;

/**
 * The scope system in page slices, without a database: on, as in a new provider. A test that
 * turns it off ({@link #turn}) turns it on again after it (an {@code @AfterEach}), since slices
 * share their context.
 */
public class TestScopeSystem extends ScopeSystem {

	private volatile boolean on = true;

	public TestScopeSystem() {
		super(null, null);
	}

	@Override
	public boolean isOn() {
		return this.on;
	}

	@Override
	public void turn(boolean on, String changedBy) {
		this.on = on;
	}

}
