package io.microsys.sso.provider.twofactor;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code drawn by the provider as inline SVG (no image service, nothing loaded from elsewhere,
 * so it passes the pages' strict CSP): one path of unit squares on a white background with the
 * quiet zone the standard asks for.
 */
public final class QrCode {

	private static final int QUIET_ZONE = 4;

	private QrCode() {
	}

	/** The SVG of a QR code holding {@code text}, {@code size} pixels wide. */
	public static String svg(String text, int size) {
		BitMatrix matrix = matrix(text);
		int modules = matrix.getWidth();
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < modules; y++) {
			for (int x = 0; x < modules; x++) {
				if (matrix.get(x, y)) {
					path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
				}
			}
		}
		int total = modules + 2 * QUIET_ZONE;
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + size + "\" height=\"" + size
				+ "\" viewBox=\"0 0 " + total + " " + total + "\" shape-rendering=\"crispEdges\">"
				+ "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
	}

	/** The modules of the code, without quiet zone. */
	static BitMatrix matrix(String text) {
		try {
			return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0,
							EncodeHintType.CHARACTER_SET, "UTF-8"));
		}
		catch (WriterException ex) {
			throw new IllegalArgumentException("Too long for a QR code", ex);
		}
	}

}
