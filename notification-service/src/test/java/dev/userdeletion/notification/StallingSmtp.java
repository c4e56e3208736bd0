package dev.userdeletion.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal SMTP server for one fault: the first message to {@code stallFor} is received in full (the server has
 * accepted it) but the final reply to DATA never comes, so the client times out not knowing the message arrived.
 * Every other message gets its 250. Every message received in full is kept, the stalled one included.
 */
final class StallingSmtp implements AutoCloseable {

    /** A message as the server received it: the envelope recipients and the data, unstuffed. */
    record Received(List<String> recipients, String data) {

        MimeMessage parsed() {
            try {
                return new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(data.getBytes(StandardCharsets.ISO_8859_1)));
            } catch (MessagingException e) {
                throw new IllegalStateException("Unreadable message", e);
            }
        }

        String messageId() {
            try {
                return parsed().getMessageID();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        String body() {
            try {
                return String.valueOf(parsed().getContent());
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final ServerSocket server;
    private final String stallFor;
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final List<Received> received = new ArrayList<>();
    private final List<Socket> connections = new ArrayList<>();
    private final Thread acceptor;

    StallingSmtp(int port, String stallFor) {
        this.stallFor = stallFor;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().name("stalling-smtp-accept").daemon().start(this::accept);
    }

    /** Every message received in full whose envelope names {@code recipient}, in arrival order. */
    synchronized List<Received> receivedFor(String recipient) {
        return received.stream().filter(r -> r.recipients().contains(recipient)).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                synchronized (this) {
                    connections.add(socket);
                }
                Thread.ofVirtual().name("stalling-smtp-session").start(() -> session(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 stalling-smtp ESMTP");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 stalling-smtp");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        String dataLine;
                        while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                            data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append("\r\n");
                        }
                        synchronized (this) {
                            received.add(new Received(List.copyOf(recipients), data.toString()));
                        }
                        if (recipients.contains(stallFor) && stalled.compareAndSet(false, true)) {
                            // the message is here, but the client never hears so: it times out and gives up
                            while (socket.getInputStream().read() != -1) {
                                // drain until the client closes the connection
                            }
                            return;
                        }
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    case "RSET", "NOOP" -> reply(out, "250 OK");
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Stops listening (the port is free when this returns) and ends every session. */
    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join();
        synchronized (this) {
            for (Socket socket : connections) {
                socket.close();
            }
        }
    }
}
