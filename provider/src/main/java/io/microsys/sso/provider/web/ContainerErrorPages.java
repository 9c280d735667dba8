package io.microsys.sso.provider.web;

import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The pages Tomcat writes by itself, for requests it refuses before the provider sees them (an
 * invalid request line or header, an unsupported HTTP version): the same protective headers as
 * the provider's own pages, and no server details. Replaces the error report valve Spring Boot
 * installs on the host.
 */
@Component
class ContainerErrorPages implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Host host = (Host) context.getParent();
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new HeadedErrorReportValve());
			if (host instanceof StandardHost standard) {
				// The host adds a valve of this class at start when it finds none, Tomcat's by default.
				standard.setErrorReportValveClass(HeadedErrorReportValve.class.getName());
			}
		});
	}

	/** After Spring Boot's own customizer, whose valve this replaces. */
	@Override
	public int getOrder() {
		return 1;
	}

	/** Tomcat's plain error page, without details, with the provider's headers. */
	public static class HeadedErrorReportValve extends ErrorReportValve {

		/** Public: the host may create one by its class name. */
		public HeadedErrorReportValve() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			if (response.getStatus() >= 400 && response.getContentWritten() == 0 && !response.isCommitted()
					&& response.isErrorReportRequired()) {
				setIfAbsent(response, "Content-Security-Policy", ContentSecurityPolicyFilter.API_POLICY);
				setIfAbsent(response, "X-Content-Type-Options", "nosniff");
				setIfAbsent(response, "X-Frame-Options", "DENY");
				setIfAbsent(response, "Referrer-Policy", "no-referrer");
				setIfAbsent(response, "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
				setIfAbsent(response, "Pragma", "no-cache");
				setIfAbsent(response, "Expires", "0");
				if (request.isSecure()) {
					setIfAbsent(response, "Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
				}
			}
			super.report(request, response, throwable);
		}

		private static void setIfAbsent(Response response, String name, String value) {
			if (!response.containsHeader(name)) {
				response.setHeader(name, value);
			}
		}

	}

}
