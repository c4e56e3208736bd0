package dev.userdeletion.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real SMTP server of the test JVM (GreenMail), on one port for the JVM's lifetime. It can be stopped
 * (connections are then refused) and started again on the same port; a restarted server has no mail.
 */
final class TestSmtp {

    private final int port;
    private GreenMail server;

    TestSmtp() {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-smtp-shutdown"));
    }

    int port() {
        return port;
    }

    synchronized void start() {
        if (server == null) {
            GreenMail started = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            started.start();
            server = started;
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** A received mail, decoded. */
    record Mail(List<String> to, String from, String subject, String body, String messageId, String raw) {
    }

    /** Every mail received (since the last start) addressed to {@code recipient}. */
    synchronized List<Mail> to(String recipient) {
        List<Mail> mails = new ArrayList<>();
        if (server == null) {
            return mails;
        }
        for (MimeMessage message : server.getReceivedMessages()) {
            Mail mail = decode(message);
            if (mail.to().contains(recipient)) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** How many mails were delivered (by SMTP envelope, so Bcc included) to an address of {@code domain}. */
    synchronized int deliveredToDomain(String domain) {
        return server == null ? 0 : server.getReceivedMessagesForDomain(domain).length;
    }

    private static Mail decode(MimeMessage message) {
        try {
            Address[] recipients = message.getAllRecipients();
            List<String> to = recipients == null ? List.of() : Arrays.stream(recipients).map(Address::toString).toList();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            message.writeTo(raw);
            return new Mail(to, message.getFrom()[0].toString(), message.getSubject(), (String) message.getContent(),
                    message.getMessageID(), raw.toString(java.nio.charset.StandardCharsets.UTF_8));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Unreadable mail", e);
        }
    }
}
