package io.microsys.sso.provider.twofactor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SVG QR code, drawn back into pixels from its own path and read by a QR decoder. */
class QrCodeTests {

	private static final Pattern SQUARE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

	@Test
	void svgWhenDrawnAndScannedThenGivesBackTheOtpauthUri() throws Exception {
		String uri = "otpauth://totp/Microsys%20SSO:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Microsys%20SSO"
				+ "&algorithm=SHA1&digits=6&period=30";

		String svg = QrCode.svg(uri, 200);

		assertThat(svg).startsWith("<svg ").contains("width=\"200\"").doesNotContain("<script").doesNotContain("href");
		assertThat(scan(svg)).isEqualTo(uri);
	}

	/** Rasterises the SVG's squares (4 pixels per module) and decodes the picture. */
	private static String scan(String svg) throws Exception {
		Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) \\1\"").matcher(svg);
		assertThat(box.find()).isTrue();
		int modules = Integer.parseInt(box.group(1));
		int scale = 4;
		int width = modules * scale;
		int[] pixels = new int[width * width];
		java.util.Arrays.fill(pixels, 0xffffffff);
		Matcher square = SQUARE.matcher(svg);
		while (square.find()) {
			int x = Integer.parseInt(square.group(1));
			int y = Integer.parseInt(square.group(2));
			for (int dy = 0; dy < scale; dy++) {
				for (int dx = 0; dx < scale; dx++) {
					pixels[(y * scale + dy) * width + x * scale + dx] = 0xff000000;
				}
			}
		}
		LuminanceSource source = new RGBLuminanceSource(width, width, pixels);
		return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
	}

}
