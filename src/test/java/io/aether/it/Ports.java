package io.aether.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for the processes the tests start: replicas, Redis, MinIO, versitygw. */
final class Ports {
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A free port below the ephemeral range (32768 and up on Linux): a port the system picked could be
     * taken as the source port of some outgoing connection before the replica binds it.
     */
    static int free() throws IOException {
        return free(-1);
    }

    /** A free port other than {@code other}, which a replica about to start will bind. */
    static int free(int other) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(12000);
            // a replica launched beside others binds its ports later: none is handed out twice
            if (port == other || !GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }
}
