package io.microsys.sso.provider.access;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's checks on every {@code /sys} handler (first-run setup aside) and its {@link Actor} parameter. */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

	/** The console's paths; first-run setup is open to the one holding its code. */
	static final String CONSOLE = "/sys/**";

	static final String SETUP = "/sys/setup";

	private final Actors actors;

	private final AdminPolicy policy;

	private final AccessGuard guard;

	private final AppAdmins appAdmins;

	ConsoleWebConfiguration(Actors actors, AdminPolicy policy, AccessGuard guard, AppAdmins appAdmins) {
		this.actors = actors;
		this.policy = policy;
		this.guard = guard;
		this.appAdmins = appAdmins;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new ConsoleAccessInterceptor(this.actors, this.policy, this.guard, this.appAdmins))
			.addPathPatterns("/sys", CONSOLE)
			.excludePathPatterns(SETUP, SETUP + "/**");
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new ActorArgumentResolver(this.actors));
	}

}
