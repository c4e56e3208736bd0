package dev.userdeletion.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real SMTP server (GreenMail) that keeps every mail the services send, for people and tests to read. */
public final class MailCatcher implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;

    private MailCatcher(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    static MailCatcher start(int port) {
        int chosen = port == 0 ? freePort() : port;
        GreenMail greenMail = new GreenMail(new ServerSetup(chosen, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new MailCatcher(greenMail, chosen);
    }

    public int port() {
        return port;
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Writes mails from number {@code from} on as {@code .eml} files; returns how many mails there are now. */
    int saveNew(int from, Path dir) {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        try {
            Files.createDirectories(dir);
            for (int i = from; i < messages.length; i++) {
                try (OutputStream out = Files.newOutputStream(dir.resolve(String.format("%04d.eml", i + 1)))) {
                    messages[i].writeTo(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not save a mail", e);
        }
        return messages.length;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
