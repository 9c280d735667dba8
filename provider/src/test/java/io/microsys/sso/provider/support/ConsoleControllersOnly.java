package io.microsys.sso.provider.support;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.filter.TypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Leaves every controller out of a slice except the console's: those with a mapping under
 * {@code /sys} (first-run setup aside). Use as
 * {@code @PageSliceTest(excludeFilters = @Filter(type = FilterType.CUSTOM, classes = ConsoleControllersOnly.class))}.
 */
public class ConsoleControllersOnly implements TypeFilter {

	@Override
	public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
		if (!reader.getAnnotationMetadata().hasMetaAnnotation(Controller.class.getName())
				&& !reader.getAnnotationMetadata().hasAnnotation(Controller.class.getName())) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(reader.getClassMetadata().getClassName(), getClass().getClassLoader());
		return !isConsole(type);
	}

	/** Whether a controller serves a console path. */
	public static boolean isConsole(Class<?> controller) {
		Stream<String> typePaths = paths(AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class));
		Stream<String> methodPaths = Arrays.stream(controller.getDeclaredMethods())
			.map((Method method) -> AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class))
			.flatMap(ConsoleControllersOnly::paths);
		return Stream.concat(typePaths, methodPaths).anyMatch(ConsoleControllersOnly::isConsolePath);
	}

	/** Whether a path is the console's ({@code /sys}, not first-run setup). */
	public static boolean isConsolePath(String path) {
		return (path.equals("/sys") || path.startsWith("/sys/")) && !path.startsWith("/sys/setup");
	}

	private static Stream<String> paths(RequestMapping mapping) {
		return (mapping != null) ? Arrays.stream(mapping.path()) : Stream.empty();
	}

}
