#!/usr/bin/env bash
# Regenerates the media fixtures of tests and the demo from nothing but Debian tools
# (espeak-ng, sox, ImageMagick 6, ffmpeg with libvpx). Run from anywhere:
#   bash demo/data/media/generate.sh
# The outputs are small on purpose (< 150 KB, < 30 KB, < 300 KB) and use formats Chromium
# plays natively: PCM WAV, PNG, WebM/VP8. See SOURCE.md.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# speech.wav: two short English sentences, ~3 s, mono, 16 kHz, 16-bit PCM.
espeak-ng -v en-us -s 165 -w "$tmp/speech-22k.wav" \
  "The red fox runs. Please label this clip."
sox -D "$tmp/speech-22k.wav" -r 16000 -c 1 -b 16 -e signed-integer speech.wav
# A plain RIFF/WAVE file: sox writes no LIST chunk, so the bytes depend only on the audio.

# shapes.png: 320x240, a red circle, a blue square, a green triangle and the word "Verity".
convert -size 320x240 xc:white \
  -fill '#d62728' -draw 'circle 80,90 80,40' \
  -fill '#1f77b4' -draw 'rectangle 150,40 250,140' \
  -fill '#2ca02c' -draw 'polygon 260,200 310,200 285,150' \
  -fill black -font DejaVu-Sans-Bold -pointsize 36 -draw "text 40,215 'Verity'" \
  -strip -define png:exclude-chunks=date,time -colors 16 PNG8:shapes.png

# clip.webm: 4 s of ffmpeg's testsrc2 pattern with a white box moving across it,
# 320x240 at 15 fps, VP8 (libvpx), no audio, no metadata.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x240:rate=15:duration=4" \
  -vf "drawbox=x='mod(t*80,280)':y=100:w=40:h=40:color=white@1:t=fill" \
  -c:v libvpx -b:v 300k -deadline good -cpu-used 4 -g 30 -threads 1 -pix_fmt yuv420p -an \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  clip.webm

ls -l speech.wav shapes.png clip.webm
