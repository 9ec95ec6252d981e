// SPDX-License-Identifier: ISC
// Wire format v1: golden bytes of rtjam_rust_spec.md §2.4, the §2.2 conversion table and the
// validity boundaries.

#include "check.h"
#include "packet.h"

#include <stdint.h>

// §2.4: client 12345, sequence 7, echoed ServerTime 1700000001100000,
// TimeStamp 1700000001123456, ch1 all 0.5, ch2 all 0.6, 128 frames.
static const JamPacketHeader golden_header = {
    .channel = 0,
    .sample_rate = 0,
    .num_audio_chunks = 0, // computed by the encoder
    .beat = 0,
    .server_time = 1700000001100000ull,
    .client_time = 1700000001123456ull,
    .client_id = 12345,
    .sequence = 7,
};

static void
build_golden_bytes(uint8_t out[540])
{
  static const uint8_t head[28] = {0x00, 0x00, 0x10, 0x00, 0x00, 0x06, 0x0a, 0x24, 0x18, 0x2f,
                                   0x08, 0xe0, 0x00, 0x06, 0x0a, 0x24, 0x18, 0x2f, 0x64, 0x80,
                                   0x00, 0x00, 0x30, 0x39, 0x00, 0x00, 0x00, 0x07};
  memcpy(out, head, sizeof head);
  for (int i = 0; i < 128; ++i) {
    out[0x1c + 2 * i] = 0xbf;
    out[0x1c + 2 * i + 1] = 0xfd;
    out[0x11c + 2 * i] = 0xcc;
    out[0x11c + 2 * i + 1] = 0xc9;
  }
}

static void
encoding_the_worked_example_gives_its_540_bytes(void)
{
  float ch1[128];
  float ch2[128];
  for (int i = 0; i < 128; ++i) {
    ch1[i] = 0.5f;
    ch2[i] = 0.6f;
  }
  uint8_t expected[540];
  build_golden_bytes(expected);
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  memset(buf, 0xAA, sizeof buf);
  size_t len = 0;
  CHECK_INT(jam_packet_encode(&golden_header, ch1, ch2, 128, buf, sizeof buf, &len), JAM_SUCCESS);
  CHECK_INT(len, 540);
  CHECK_BYTES(buf, expected, 540);
  CHECK_INT(buf[540], 0xAA); // nothing written past the datagram
}

static void
decoding_the_worked_example_returns_its_fields_and_samples(void)
{
  uint8_t bytes[540];
  build_golden_bytes(bytes);
  JamPacketHeader h;
  jam_packet_header_read(bytes, &h);
  CHECK_INT(h.channel, 0);
  CHECK_INT(h.sample_rate, 0);
  CHECK_INT(h.num_audio_chunks, 16);
  CHECK_INT(h.beat, 0);
  CHECK(h.server_time == 1700000001100000ull, "server_time %llu",
        (unsigned long long)h.server_time);
  CHECK(h.client_time == 1700000001123456ull, "client_time %llu",
        (unsigned long long)h.client_time);
  CHECK_INT(h.client_id, 12345);
  CHECK_INT(h.sequence, 7);
  float ch1[249];
  float ch2[249];
  size_t frames = 0;
  CHECK_INT(jam_packet_decode(bytes, sizeof bytes, ch1, ch2, 249, &frames), JAM_SUCCESS);
  CHECK_INT(frames, 128);
  for (int i = 0; i < 128; ++i) {
    CHECK(ch1[i] == 0.499908447265625f, "ch1[%d] = %.9f", i, (double)ch1[i]);
    CHECK(ch2[i] == 0.599884033203125f, "ch2[%d] = %.9f", i, (double)ch2[i]);
  }
}

static void
server_rewrite_changes_only_beat_and_server_time(void)
{
  uint8_t bytes[540];
  build_golden_bytes(bytes);
  uint8_t expected[540];
  memcpy(expected, bytes, sizeof bytes);
  static const uint8_t changed[9] = {0x02, 0x00, 0x06, 0x0a, 0x24, 0x18, 0x2f, 0x7e, 0x10};
  memcpy(expected + 3, changed, sizeof changed);
  // now = 1700000001130000, 120 BPM: beat = (now / 500000) % 4 = 2
  const uint64_t now = 1700000001130000ull;
  jam_packet_rewrite_for_forward(bytes, now, (uint8_t)((now / 500000u) % 4u));
  CHECK_BYTES(bytes, expected, 540);
}

static void
conversion_table_rows_encode_and_decode_exactly(void)
{
  static const struct {
    float in;
    uint16_t code;
    double decoded;
  } rows[] = {
      {-1.0f, 0x0000, -1.000000000},     {-1.5f, 0x0000, -1.000000000},
      {-0.5f, 0x3FFF, -0.500030518},     {-0.25f, 0x5FFE, -0.250061035},
      {-0.00001f, 0x7FFD, -0.000091553}, {0.0f, 0x7FFE, -0.000061035},
      {0.25f, 0x9FFD, 0.249908447},      {0.5f, 0xBFFD, 0.499908447},
      {0.6f, 0xCCC9, 0.599884033},       {1.0f, 0xFFFC, 0.999877930},
      {1.5f, 0xFFFC, 0.999877930},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
    const uint16_t code = jam_packet_encode_sample(rows[i].in);
    CHECK(code == rows[i].code, "row %zu: %g -> 0x%04x, expected 0x%04x", i, (double)rows[i].in,
          code, rows[i].code);
    CHECK_NEAR(jam_packet_decode_sample(code), rows[i].decoded, 5e-10);
  }
  CHECK_INT(jam_packet_encode_sample(NAN), 0);
  CHECK_INT(jam_packet_encode_sample(-NAN), 0);
  CHECK_INT(jam_packet_encode_sample(INFINITY), 0xFFFC);
  CHECK_INT(jam_packet_encode_sample(-INFINITY), 0);
}

static void
decode_only_points_match_the_table(void)
{
  CHECK_NEAR(jam_packet_decode_sample(1), -0.999969482, 5e-10);
  CHECK_NEAR(jam_packet_decode_sample(32767), -0.000030518, 5e-10);
  CHECK_NEAR(jam_packet_decode_sample(32768), 0.0, 0);
  CHECK_NEAR(jam_packet_decode_sample(65535), 0.999969482, 5e-10);
}

static void
validity_boundaries_hold(void)
{
  CHECK_INT(jam_packet_validate(0), JAM_ERR_SHORT_PACKET);
  CHECK_INT(jam_packet_validate(27), JAM_ERR_SHORT_PACKET);
  CHECK_INT(jam_packet_validate(28), JAM_SUCCESS);
  CHECK_INT(jam_packet_validate(29), JAM_ERR_ODD_LENGTH);
  CHECK_INT(jam_packet_validate(30), JAM_SUCCESS);
  CHECK_INT(jam_packet_validate(539), JAM_ERR_ODD_LENGTH);
  CHECK_INT(jam_packet_validate(540), JAM_SUCCESS);
  CHECK_INT(jam_packet_validate(1023), JAM_ERR_ODD_LENGTH);
  CHECK_INT(jam_packet_validate(1024), JAM_SUCCESS);
  CHECK_INT(jam_packet_validate(1025), JAM_ERR_LONG_PACKET);
  CHECK_INT(jam_packet_validate(1026), JAM_ERR_LONG_PACKET);
  CHECK_INT(jam_packet_frames(28), 0);
  CHECK_INT(jam_packet_frames(30), 0); // trailing bytes ignored
  CHECK_INT(jam_packet_frames(284), 64);
  CHECK_INT(jam_packet_frames(1024), 249);
}

static void
header_only_packet_decodes_to_zero_frames(void)
{
  uint8_t bytes[28] = {0};
  bytes[3] = 3;
  float ch1[4];
  float ch2[4];
  size_t frames = 99;
  CHECK_INT(jam_packet_decode(bytes, 28, ch1, ch2, 4, &frames), JAM_SUCCESS);
  CHECK_INT(frames, 0);
  uint8_t odd[31] = {0};
  CHECK_INT(jam_packet_decode(odd, 31, ch1, ch2, 4, &frames), JAM_ERR_ODD_LENGTH);
  CHECK_INT(jam_packet_decode(odd, 27, ch1, ch2, 4, &frames), JAM_ERR_SHORT_PACKET);
}

static void
largest_period_fits_exactly_1024_bytes_and_one_more_is_refused(void)
{
  static float ch[250];
  for (int i = 0; i < 250; ++i) {
    ch[i] = (float)i / 250.0f - 0.5f;
  }
  uint8_t buf[JAM_PACKET_MAX_SIZE + 8];
  memset(buf, 0x55, sizeof buf);
  size_t len = 0;
  CHECK_INT(jam_packet_encode(&golden_header, ch, ch, 249, buf, JAM_PACKET_MAX_SIZE, &len),
            JAM_SUCCESS);
  CHECK_INT(len, 1024);
  CHECK_INT(buf[2], 32); // 1024 / 32
  CHECK_INT(buf[1024], 0x55);
  len = 7;
  CHECK_INT(jam_packet_encode(&golden_header, ch, ch, 250, buf, sizeof buf, &len),
            JAM_ERR_TOO_MANY_FRAMES);
  CHECK_INT(len, 7); // untouched on error
  CHECK_INT(buf[1024], 0x55);
  CHECK_INT(jam_packet_encode(&golden_header, ch, ch, 64, buf, 283, &len), JAM_ERR_FULL);
  float out1[249];
  float out2[249];
  size_t frames = 0;
  CHECK_INT(jam_packet_encode(&golden_header, ch, ch, 249, buf, sizeof buf, &len), JAM_SUCCESS);
  CHECK_INT(jam_packet_decode(buf, 1024, out1, out2, 249, &frames), JAM_SUCCESS);
  CHECK_INT(frames, 249);
  // round trip: gain 32766/32768 and a DC step of 1/32768, plus truncation
  CHECK_NEAR(out2[248], ch[248], 2.0e-4);
  CHECK_INT(jam_packet_decode(buf, 1024, out1, out2, 248, &frames), JAM_ERR_FULL);
}

static void
sixty_four_frame_packet_is_284_bytes_with_8_chunks(void)
{
  float ch[64] = {0};
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  size_t len = 0;
  CHECK_INT(jam_packet_encode(&golden_header, ch, ch, 64, buf, sizeof buf, &len), JAM_SUCCESS);
  CHECK_INT(len, 284);
  CHECK_INT(buf[2], 8);
  CHECK_INT(buf[28], 0x7F); // silence is 0x7FFE
  CHECK_INT(buf[29], 0xFE);
}

int
main(void)
{
  RUN(encoding_the_worked_example_gives_its_540_bytes);
  RUN(decoding_the_worked_example_returns_its_fields_and_samples);
  RUN(server_rewrite_changes_only_beat_and_server_time);
  RUN(conversion_table_rows_encode_and_decode_exactly);
  RUN(decode_only_points_match_the_table);
  RUN(validity_boundaries_hold);
  RUN(header_only_packet_decodes_to_zero_frames);
  RUN(largest_period_fits_exactly_1024_bytes_and_one_more_is_refused);
  RUN(sixty_four_frame_packet_is_284_bytes_with_8_chunks);
  return jam_test_summary();
}
