#!/usr/bin/env bash
# Makes the samples that rust_xlsxwriter cannot: the .xls and .ods copies (converted by
# LibreOffice, as units' WPS/Office "save as" does) and the broken files a clerk receives.
# Run once after `cargo run --example make_samples`; the results are committed, so neither
# LibreOffice nor Python is needed to build or test.
#   apt-get install libreoffice-calc-nogui; pip install msoffcrypto-tool
set -euo pipefail
cd "$(dirname "$0")/../samples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

convert() { # source.xlsx filter target
  cp "$1" "$tmp/in.xlsx"
  soffice --headless --calc --convert-to "$2" --outdir "$tmp" "$tmp/in.xlsx" >/dev/null
  mv "$tmp/in.${2%%:*}" "$3"
}
convert "浦东新区建交委/公路管理署-城市道路养护-自评表.xlsx" "xls:MS Excel 97" \
  "浦东新区建交委/公路管理署-城市道路养护-自评表（97-2003格式）.xls"
convert "静安区文旅局/图书馆-2023年度项目自评表汇总.xlsx" "ods:calc8" \
  "静安区文旅局/图书馆-2023年度项目自评表汇总（WPS另存）.ods"

# Broken files, each of a kind the office really receives.
mkdir -p 问题文件
head -c 6000 "嘉定区生态环境局/环境监测站自评表.xlsx" > "问题文件/环境监测站自评表（传输中断）.xlsx"
: > "问题文件/新建 Microsoft Excel 工作表.xlsx"
printf '项目名称,主管部门,实施单位\r\n社区养老服务补贴,上海市徐汇区民政局,上海市徐汇区社会福利院\r\n' \
  | iconv -f UTF-8 -t GB18030 > "问题文件/自评汇总（导出）.xlsx"
msoffcrypto-tool -e -p 123456 "徐汇区民政局/社区养老服务补贴（盖章版）.xlsx" "问题文件/社区养老服务补贴（加密）.xlsx"

# The Word samples (from `cargo run --example make_word_samples`) saved again by LibreOffice
# Writer, as a unit's office suite writes .docx (styles, revision ids, its own table XML):
# tests/word.rs reads them to the same forms as the samples.
#   apt-get install libreoffice-writer-nogui
mkdir -p ../tests/fixtures/word-libreoffice
for doc in "湖北省咸宁市水利和湖泊局/2023年度项目绩效自评表（两个项目）.docx" \
           "四川省林业和草原局/林业科技推广总站-2023年度项目支出绩效自评报告.docx"; do
  cp "$doc" "$tmp/in.docx"
  soffice --headless --convert-to "docx:MS Word 2007 XML" --outdir "$tmp/out" "$tmp/in.docx" >/dev/null
  mv "$tmp/out/in.docx" "../tests/fixtures/word-libreoffice/$(basename "$doc")"
done

# PDFs printed by LibreOffice, as units print their workbook with "导出为PDF" (default page
# setup: a wide sheet comes out in pieces, side by side). The unit that sent only a PDF goes
# into samples/; every sample workbook's print goes to tests/fixtures/pdf-libreoffice/, read
# by tests/pdf_input.rs against the workbooks' expected JSON.
#   apt-get install libreoffice-calc-nogui fonts-noto-cjk
print_pdf() { # source workbook, target pdf
  local ext="${1##*.}"
  cp "$1" "$tmp/in.$ext"
  soffice --headless --convert-to pdf --outdir "$tmp/pdf" "$tmp/in.$ext" >/dev/null 2>&1
  mkdir -p "$(dirname "$2")"
  mv "$tmp/pdf/in.pdf" "$2"
}
print_pdf "../tests/fixtures/pdf-source/食品安全抽检监测经费-自评表.xlsx" \
  "普陀区市场监督管理局/食品安全抽检监测经费-自评表（导出PDF）.pdf"
find . \( -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' \) -not -path './问题文件/*' \
  -not -path './其他材料/*' | sort | while read -r book; do
  book="${book#./}"
  print_pdf "$book" "../tests/fixtures/pdf-libreoffice/${book%.*}.pdf"
done

# LibreOffice's prints (default page setup) of the undescribed layouts' workbooks with rows
# too low for their wrapped text (`cargo run --example make_undescribed_samples` writes them
# to tests/fixtures/pdf-overflow-source/): text runs over the ruling lines, a merged cell's
# wrapped text is clipped (LibreOffice leaves the clipped lines out of the PDF), two forms are
# stacked on one sheet. tests/undescribed.rs reads them against the expected forms.
mkdir -p ../tests/fixtures/pdf-overflow
for book in ../tests/fixtures/pdf-overflow-source/*/*.xlsx; do
  cp "$book" "$tmp/in.xlsx"
  soffice --headless --calc --convert-to pdf --outdir "$tmp" "$tmp/in.xlsx" >/dev/null
  mv "$tmp/in.pdf" "../tests/fixtures/pdf-overflow/$(basename "${book%.xlsx}").pdf"
done
