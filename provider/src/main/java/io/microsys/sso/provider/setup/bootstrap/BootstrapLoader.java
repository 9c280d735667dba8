package io.microsys.sso.provider.setup.bootstrap;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import io.microsys.sso.provider.session.ProviderSessionEnd;
import io.microsys.sso.provider.twofactor.TrustedBrowsers;

/**
 * Applies the bootstrap file (CONTRACT §6): reads it ({@link BootstrapParser}), checks all of it
 * against the database ({@link BootstrapValidator}), then upserts scopes, users, clients and
 * memberships ({@link BootstrapApplier}), checks and writes in one transaction. A malformed file
 * throws {@link BootstrapException} naming the file, the entry and the problem, and changes
 * nothing. Passwords, hashes and secrets never appear in a message or a log line.
 */
@Service
public class BootstrapLoader {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapLoader.class);

	/** Nodes starting together may race on the same inserts; the loser checks and applies again. */
	private static final int ATTEMPTS = 3;

	private final BootstrapValidator validator;

	private final BootstrapApplier applier;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final ProviderSessionEnd sessionEnd;

	private final TrustedBrowsers trustedBrowsers;

	BootstrapLoader(BootstrapValidator validator, BootstrapApplier applier, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, ProviderSessionEnd sessionEnd,
			TrustedBrowsers trustedBrowsers) {
		this.trustedBrowsers = trustedBrowsers;
		this.validator = validator;
		this.applier = applier;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sessionEnd = sessionEnd;
	}

	/**
	 * Reads, checks and applies the file. An empty file does nothing.
	 * @throws BootstrapException when the file is missing, unreadable or malformed; nothing is
	 * changed then
	 */
	public BootstrapSummary apply(Path file) {
		String prefix = "Bootstrap file " + file + ": ";
		BootstrapSummary summary;
		Set<String> signOut = new LinkedHashSet<>();
		try {
			summary = applyWithRetry(BootstrapParser.parse(read(file)), signOut);
		}
		catch (BootstrapProblem ex) {
			throw new BootstrapException(prefix + ex.getMessage());
		}
		catch (DataAccessException | TransactionException ex) {
			// not chained: a driver's message may quote the refused value, such as a hash
			throw new BootstrapException(prefix + "the database refused it (" + rootCauseName(ex)
					+ "); nothing was changed");
		}
		logger.info("Applied bootstrap file {}: {}", file, summary);
		this.events.publishEvent(new BootstrapApplied(summary.toString()));
		// Deactivated people, and people whose password changed, are signed out everywhere (their
		// apps told so), and their browsers no longer skip the second step.
		for (String userUuid : signOut) {
			this.sessionEnd.endAll(userUuid);
			this.trustedBrowsers.revokeAllOf(userUuid);
		}
		return summary;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new BootstrapProblem("the file does not exist");
		}
		catch (AccessDeniedException ex) {
			throw new BootstrapProblem("the file cannot be read (permission denied)");
		}
		catch (CharacterCodingException ex) {
			throw new BootstrapProblem("the file is not UTF-8 text");
		}
		catch (IOException ex) {
			throw new BootstrapProblem("the file cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private BootstrapSummary applyWithRetry(BootstrapFile parsed, Set<String> signOut) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> {
					this.validator.check(parsed);
					Map<String, String> before = this.applier.signInState(parsed);
					BootstrapSummary applied = this.applier.apply(parsed);
					Map<String, String> after = this.applier.signInState(parsed);
					signOut.clear();
					before.forEach((uuid, state) -> {
						if (!state.equals(after.get(uuid))) {
							signOut.add(uuid);
						}
					});
					return applied;
				});
			}
			catch (ConcurrencyFailureException | DataIntegrityViolationException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				logger.info("Bootstrap file met a concurrent change ({}); checking and applying it again",
						rootCauseName(ex));
			}
		}
	}

	private static String rootCauseName(Exception ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName();
	}

}
