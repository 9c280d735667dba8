package io.microsys.sso.provider.support;

import java.lang.reflect.Constructor;
import java.util.Locale;

import org.mockito.Mockito;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;

/**
 * For a slice of every console controller: a Mockito mock for each constructor dependency of a
 * console controller ({@link ConsoleControllersOnly#isConsole}) that the slice does not hold, so a
 * new console page needs no change to the slice's list of mocks. Register with
 * {@code @Import(ConsoleServiceMocks.class)}.
 */
public class ConsoleServiceMocks implements BeanFactoryPostProcessor {

	private static final String ROOT = "io.microsys.sso.provider";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents(ROOT)) {
			Class<?> controller = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					ConsoleServiceMocks.class.getClassLoader());
			if (!ConsoleControllersOnly.isConsole(controller)) {
				continue;
			}
			for (Constructor<?> constructor : controller.getDeclaredConstructors()) {
				for (Class<?> dependency : constructor.getParameterTypes()) {
					if (beanFactory.getBeanNamesForType(dependency, true, false).length == 0) {
						String name = "mock" + dependency.getSimpleName().toLowerCase(Locale.ROOT);
						beanFactory.registerSingleton(name, Mockito.mock(dependency));
					}
				}
			}
		}
	}

}
