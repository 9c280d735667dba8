package io.microsys.sso.provider.access;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives console handlers the request's {@link Actor} as a parameter. */
class ActorArgumentResolver implements HandlerMethodArgumentResolver {

	private final Actors actors;

	ActorArgumentResolver(Actors actors) {
		this.actors = actors;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Actor.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
			WebDataBinderFactory binderFactory) {
		return this.actors.current();
	}

}
