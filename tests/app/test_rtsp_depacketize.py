"""RTP payloads into access units, from packets made by hand as RFC 6184 (H.264) and
RFC 7798 (H.265) lay them out: single NAL units, aggregates, fragments, the marker bit,
lost packets, timestamps that wrap. No network, no decoder."""

from __future__ import annotations

import pytest

from app.streams.rtsp import BadData
from app.streams.rtsp.assembler import AccessUnitAssembler
from app.streams.rtsp.rtp import TimestampUnwrapper, parse_rtp

SC = b"\x00\x00\x00\x01"
# H.264 NAL units: header byte (F=0, NRI=3, type), then a body.
SPS = b"\x67\x42\xc0\x1e\xaa"
PPS = b"\x68\xce\x3c\x80"
IDR = b"\x65\x88\x84" + bytes(range(40))
SLICE = b"\x41\x9a\x02" + bytes(range(30))
AUD = b"\x09\xf0"


def rtp(payload: bytes, seq: int, ts: int, marker: bool = False, pt: int = 96,
        csrcs: int = 0, extension: bytes = b"", padding: int = 0) -> bytes:
    """An RTP packet (RFC 3550 5.1)."""
    first = 0x80 | csrcs | (0x10 if extension else 0) | (0x20 if padding else 0)
    head = bytes([first, (0x80 if marker else 0) | pt]) + seq.to_bytes(2, "big") \
        + ts.to_bytes(4, "big") + (0x1234).to_bytes(4, "big")
    head += b"\x00\x00\x00\x07" * csrcs
    if extension:
        head += b"\xbe\xde" + (len(extension) // 4).to_bytes(2, "big") + extension
    pad = b"\x00" * (padding - 1) + bytes([padding]) if padding else b""
    return head + payload + pad


def stap_a(*units: bytes) -> bytes:
    nri = max(u[0] & 0x60 for u in units)
    return bytes([nri | 24]) + b"".join(len(u).to_bytes(2, "big") + u for u in units)


def fu_a(nal: bytes, pieces: int) -> list[bytes]:
    """``nal`` cut into ``pieces`` FU-A payloads (RFC 6184 5.8)."""
    body, header = nal[1:], nal[0]
    size = -(-len(body) // pieces)
    out = []
    for i in range(pieces):
        flags = (0x80 if i == 0 else 0) | (0x40 if i == pieces - 1 else 0)
        out.append(bytes([(header & 0xE0) | 28, flags | (header & 0x1F)])
                   + body[i * size:(i + 1) * size])
    return out


def feed(assembler: AccessUnitAssembler, packets: list[bytes]) -> list:
    units = []
    for packet in packets:
        units += assembler.push(parse_rtp(packet))
    return units


# -- RTP -------------------------------------------------------------------------------


def test_rtp_header_with_csrcs_extension_and_padding():
    packet = parse_rtp(rtp(b"payload", 65535, 0xFFFFFFFF, marker=True, pt=97, csrcs=2,
                           extension=b"\x01\x02\x03\x04", padding=3))
    assert (packet.marker, packet.payload_type, packet.sequence, packet.timestamp) == (
        True, 97, 65535, 0xFFFFFFFF)
    assert packet.payload == b"payload"


@pytest.mark.parametrize("data", [b"\x80\x60\x00", b"\x40" + bytes(15),
                                  bytes([0xA0, 0x60]) + bytes(9) + b"\xff"])
def test_what_is_not_rtp_is_bad_data(data):
    with pytest.raises(BadData):
        parse_rtp(data)


def test_timestamps_run_on_past_the_32_bit_wrap_and_step_back():
    unwrap = TimestampUnwrapper()
    start = 0xFFFFFF00
    assert unwrap.extend(start) == start
    assert unwrap.extend(0x100) == start + 0x200  # wrapped forward
    assert unwrap.extend(0x80) == start + 0x180  # a step back stays a step back
    assert unwrap.extend(0xFFFFFF00) == start  # and back over the wrap


# -- H.264 -----------------------------------------------------------------------------


def test_h264_unit_ends_on_the_marker_bit_with_sdp_parameter_sets_first():
    assembler = AccessUnitAssembler("h264", [SPS, PPS])
    units = feed(assembler, [rtp(AUD, 1, 3000), rtp(IDR, 2, 3000, marker=True)])
    assert len(units) == 1  # released on its own last packet, nothing after it needed
    unit = units[0]
    assert unit.keyframe and unit.timestamp == 3000
    assert unit.data == SC + SPS + SC + PPS + SC + AUD + SC + IDR
    # Only the first keyframe gets the SDP's sets; later pictures go as they came.
    assert [u.data for u in feed(assembler, [rtp(SLICE, 3, 6000, marker=True)])] == [
        SC + SLICE]


def test_h264_in_band_parameter_sets_are_not_doubled():
    assembler = AccessUnitAssembler("h264", [SPS, PPS])
    units = feed(assembler, [rtp(stap_a(SPS, PPS), 10, 0), rtp(IDR, 11, 0, marker=True)])
    assert units[0].data == SC + SPS + SC + PPS + SC + IDR


def test_h264_fu_a_fragments_are_joined_into_one_nal_unit():
    assembler = AccessUnitAssembler("h264")
    pieces = fu_a(IDR, 4)
    packets = [rtp(p, 100 + i, 90, marker=i == 3) for i, p in enumerate(pieces)]
    units = feed(assembler, packets)
    assert [u.data for u in units] == [SC + IDR]


def test_h264_stap_a_carries_several_units():
    assembler = AccessUnitAssembler("h264")
    units = feed(assembler, [rtp(stap_a(AUD, SPS, PPS, IDR), 7, 0, marker=True)])
    assert units[0].data == SC + AUD + SC + SPS + SC + PPS + SC + IDR


def test_h264_without_markers_ends_a_unit_when_the_timestamp_changes():
    assembler = AccessUnitAssembler("h264")
    units = feed(assembler, [rtp(IDR, 1, 0), rtp(SLICE, 2, 6000)])
    assert [(u.data, u.timestamp) for u in units] == [(SC + IDR, 0)]
    units = feed(assembler, [rtp(SLICE, 3, 12000)])
    assert [(u.data, u.timestamp) for u in units] == [(SC + SLICE, 6000)]


def test_h264_waits_for_a_keyframe_before_the_first_unit():
    assembler = AccessUnitAssembler("h264")
    assert feed(assembler, [rtp(SLICE, 1, 0, marker=True), rtp(SLICE, 2, 1, marker=True)]) == []
    assert assembler.dropped == 2
    assert len(feed(assembler, [rtp(IDR, 3, 2, marker=True)])) == 1


def test_h264_a_lost_packet_drops_pictures_up_to_the_next_keyframe():
    assembler = AccessUnitAssembler("h264")
    pieces = fu_a(SLICE, 3)
    packets = [
        rtp(IDR, 1, 0, marker=True),
        rtp(pieces[0], 2, 1000), rtp(pieces[2], 4, 1000, marker=True),  # 3 lost
        rtp(SLICE, 5, 2000, marker=True),  # refers to the damaged one: dropped too
        rtp(IDR, 6, 3000, marker=True),  # decoding starts again here
        rtp(SLICE, 7, 4000, marker=True),
    ]
    units = feed(assembler, packets)
    assert [u.timestamp for u in units] == [0, 3000, 4000]
    assert assembler.dropped == 2


def test_h264_a_lost_fragment_start_is_not_glued_to_the_next_unit():
    assembler = AccessUnitAssembler("h264")
    pieces = fu_a(IDR, 3)
    packets = [rtp(pieces[1], 11, 0), rtp(pieces[2], 12, 0, marker=True)]  # 10 lost
    feed(assembler, [rtp(IDR, 9, -1 & 0xFFFFFFFF, marker=True)])
    assert feed(assembler, packets) == []
    assert feed(assembler, [rtp(IDR, 13, 3000, marker=True)])[0].data == SC + IDR


def test_h264_sequence_numbers_wrap_without_a_gap():
    assembler = AccessUnitAssembler("h264")
    units = feed(assembler, [rtp(IDR, 65535, 0, marker=True), rtp(SLICE, 0, 3000, marker=True)])
    assert len(units) == 2 and assembler.dropped == 0


def test_h264_numbering_started_again_further_back_resyncs_at_a_keyframe():
    # A camera rebooted: its sequence numbers begin again below the last ones seen.
    assembler = AccessUnitAssembler("h264")
    packets = [rtp(IDR, 40000, 0, marker=True), rtp(SLICE, 40001, 3000, marker=True),
               rtp(SLICE, 100, 777, marker=True), rtp(IDR, 101, 3777, marker=True),
               rtp(SLICE, 102, 6777, marker=True)]
    assert [u.timestamp for u in feed(assembler, packets)] == [0, 3000, 3777, 6777]


def test_h264_a_recovery_point_sei_is_a_point_to_start_from():
    recovery = b"\x06\x06\x01\xc4\x80"  # SEI, payload type 6 (recovery point), size 1
    assembler = AccessUnitAssembler("h264")
    units = feed(assembler, [rtp(SLICE, 1, 0, marker=True),
                             rtp(stap_a(recovery, SLICE), 2, 3000, marker=True)])
    assert [(u.timestamp, u.keyframe) for u in units] == [(3000, True)]


def test_h264_packetization_modes_nobody_uses_are_ignored():
    assembler = AccessUnitAssembler("h264")
    stap_b = bytes([0x79, 0, 1]) + stap_a(IDR)[1:]  # type 25: interleaved mode only
    units = feed(assembler, [rtp(stap_b, 1, 0), rtp(IDR, 2, 0, marker=True)])
    assert units[0].data == SC + IDR


# -- H.265 -----------------------------------------------------------------------------

# H.265 NAL units: two header bytes (F=0, type in bits 1-6, layer 0, TID 1), then a body.
def hevc(kind: int, body: bytes) -> bytes:
    return bytes([kind << 1, 0x01]) + body


VPS, HSPS, HPPS = hevc(32, b"\x0c\x01"), hevc(33, b"\x01\x01"), hevc(34, b"\xc1\x72")
IDR_W_RADL = hevc(19, bytes(range(50)))
CRA = hevc(21, bytes(range(20)))
TRAIL = hevc(1, bytes(range(25)))


def ap(*units: bytes, don: bool = False) -> bytes:
    """An aggregation packet (RFC 7798 4.4.2); with DON: a DONL, then DONDs."""
    out = hevc(48, b"")
    for i, unit in enumerate(units):
        if don:
            out += b"\x00\x05" if i == 0 else b"\x00"
        out += len(unit).to_bytes(2, "big") + unit
    return out


def fu(nal: bytes, pieces: int, don: bool = False) -> list[bytes]:
    """``nal`` cut into fragmentation units (RFC 7798 4.4.3)."""
    kind, body = (nal[0] >> 1) & 0x3F, nal[2:]
    size = -(-len(body) // pieces)
    out = []
    for i in range(pieces):
        flags = (0x80 if i == 0 else 0) | (0x40 if i == pieces - 1 else 0)
        donl = b"\x00\x09" if don and i == 0 else b""
        out.append(bytes([(nal[0] & 0x81) | (49 << 1), nal[1], flags | kind]) + donl
                   + body[i * size:(i + 1) * size])
    return out


def test_h265_single_units_ap_and_fu_make_one_access_unit():
    assembler = AccessUnitAssembler("hevc", [VPS, HSPS, HPPS])
    pieces = fu(IDR_W_RADL, 3)
    packets = [rtp(p, 20 + i, 9000, marker=i == 2) for i, p in enumerate(pieces)]
    units = feed(assembler, packets)
    assert units[0].keyframe
    assert units[0].data == SC + VPS + SC + HSPS + SC + HPPS + SC + IDR_W_RADL
    units = feed(assembler, [rtp(ap(TRAIL, TRAIL), 23, 12000, marker=True)])
    assert units[0].data == SC + TRAIL + SC + TRAIL and not units[0].keyframe


def test_h265_a_cra_picture_is_a_point_to_start_from():
    assembler = AccessUnitAssembler("hevc")
    units = feed(assembler, [rtp(TRAIL, 1, 0, marker=True), rtp(CRA, 2, 1, marker=True)])
    assert [u.data for u in units] == [SC + CRA]


def test_h265_decoding_order_fields_are_skipped_when_the_sdp_announces_them():
    assembler = AccessUnitAssembler("hevc", with_don=True)
    pieces = fu(IDR_W_RADL, 2, don=True)
    packets = [rtp(ap(VPS, HSPS, HPPS, don=True), 1, 0)]
    packets += [rtp(p, 2 + i, 0, marker=i == 1) for i, p in enumerate(pieces)]
    packets.append(rtp(TRAIL[:2] + b"\x00\x0a" + TRAIL[2:], 4, 3000, marker=True))
    units = feed(assembler, packets)
    assert [u.data for u in units] == [
        SC + VPS + SC + HSPS + SC + HPPS + SC + IDR_W_RADL, SC + TRAIL]


def test_h265_a_lost_packet_waits_for_the_next_irap():
    assembler = AccessUnitAssembler("hevc")
    packets = [rtp(IDR_W_RADL, 1, 0, marker=True), rtp(TRAIL, 3, 1, marker=True),
               rtp(TRAIL, 4, 2, marker=True), rtp(CRA, 5, 3, marker=True)]
    assert [u.timestamp for u in feed(assembler, packets)] == [0, 3]
