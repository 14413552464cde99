package io.pastiche.serve;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * The little landscape every style's preview paints: sky, sun, hills, water and a house, drawn in code so that no
 * photo has to ship with the server, and with the edges, flat areas and gradients that show a style's strokes and
 * palette.
 */
final class PreviewPicture {

    private PreviewPicture() {
    }

    /**
     * Draws the landscape.
     *
     * @param size its width and height in pixels
     * @return a new {@code TYPE_INT_RGB} image
     */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(size / 100.0, size / 100.0); // drawn on a 100 x 100 canvas
            g.setPaint(new GradientPaint(0, 0, new Color(70, 120, 200), 0, 60, new Color(250, 200, 150)));
            g.fillRect(0, 0, 100, 60);
            g.setColor(new Color(255, 230, 120));
            g.fill(new Ellipse2D.Double(62, 14, 18, 18));
            g.setColor(new Color(60, 120, 70));
            g.fill(hill(-10, 58, 30, 34, 70));
            g.setColor(new Color(40, 95, 60));
            g.fill(hill(35, 60, 70, 40, 110));
            g.setPaint(new GradientPaint(0, 60, new Color(40, 90, 150), 0, 100, new Color(20, 40, 80)));
            g.fillRect(0, 60, 100, 40);
            g.setColor(new Color(230, 225, 210));
            g.fillRect(16, 44, 16, 14);
            g.setColor(new Color(160, 50, 40));
            Path2D roof = new Path2D.Double();
            roof.moveTo(13, 45);
            roof.lineTo(24, 35);
            roof.lineTo(35, 45);
            roof.closePath();
            g.fill(roof);
            g.setColor(new Color(60, 40, 30));
            g.fillRect(22, 50, 4, 8);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Path2D hill(double left, double base, double peakX, double peakY, double right) {
        Path2D hill = new Path2D.Double();
        hill.moveTo(left, base + 2);
        hill.quadTo(peakX, peakY - (base - peakY), right, base + 2);
        hill.closePath();
        return hill;
    }
}
