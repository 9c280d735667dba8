package io.microsys.sso.provider.web;

import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Work done after its request is answered, so that the answer takes the same time whatever the
 * work finds (a sign-up with a new or a taken address, a reset for an account that exists or
 * not). Two workers, at most 200 waiting: a flood costs two cores at most, and past that the
 * caller is told to come back later. On shutdown, waiting work gets 10 seconds to finish.
 */
@Component
public class AfterAnswer {

	private final ThreadPoolTaskExecutor workers = bounded("after-answer-", 2, 200);

	/**
	 * A started pool of {@code threads} workers with at most {@code waiting} tasks queued (more are
	 * rejected); on shutdown, queued tasks get 10 seconds to finish.
	 */
	public static ThreadPoolTaskExecutor bounded(String namePrefix, int threads, int waiting) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setQueueCapacity(waiting);
		executor.setThreadNamePrefix(namePrefix);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(10);
		executor.initialize();
		return executor;
	}

	/** Queues {@code work}; false (and nothing done) when too much is waiting. */
	public boolean submit(Runnable work) {
		try {
			this.workers.execute(work);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	@PreDestroy
	void close() {
		this.workers.shutdown();
	}

}
