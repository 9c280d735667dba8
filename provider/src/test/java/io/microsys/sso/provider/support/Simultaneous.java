package io.microsys.sso.provider.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Requests sent at the same moment: the concurrency tests' one way of starting threads together. */
public final class Simultaneous {

	private Simultaneous() {
	}

	/** What one of the threads does; {@code thread} counts from 0. */
	public interface Task<T> {

		T run(int thread) throws Exception;

	}

	/** Runs {@code task} on {@code threads} threads of {@code pool} that start together; returns every answer. */
	public static <T> List<T> all(ExecutorService pool, int threads, Task<T> task) throws Exception {
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int thread = i;
			Callable<T> call = () -> {
				start.await(30, TimeUnit.SECONDS);
				return task.run(thread);
			};
			futures.add(pool.submit(call));
		}
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(120, TimeUnit.SECONDS));
		}
		return results;
	}

}
