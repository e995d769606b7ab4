package dev.onramp.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloseCodesAndOpcodeTest {

    @Test
    void validOnWireRanges() {
        for (int code = -1; code <= 70000; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCodes.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
        }
    }

    @Test
    void registryValues() {
        assertThat(CloseCodes.NOT_CONSISTENT).isEqualTo(CloseCodes.INVALID_PAYLOAD).isEqualTo(1007);
        assertThat(CloseCodes.TLS_HANDSHAKE_FAILURE).isEqualTo(1015);
        assertThat(CloseCodes.BAD_GATEWAY).isEqualTo(1014);
    }

    @Test
    void opcodeClassification() {
        for (int op = 0; op < 16; op++) {
            assertThat(Opcode.isControl(op)).as("opcode %d", op).isEqualTo(op >= 8);
            assertThat(Opcode.isDefined(op)).as("opcode %d", op)
                    .isEqualTo(op <= 2 || (op >= 8 && op <= 10));
        }
        assertThat(Opcode.name(Opcode.PONG)).isEqualTo("PONG");
        assertThat(Opcode.name(0xB)).isEqualTo("RESERVED(0xb)");
    }
}
