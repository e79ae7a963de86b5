"""The countries and regions a film is made in, as a film's page names them in each reading mode.

docs/films.yml writes `country:` in English (`country: [Taiwan, France]`). A name of this table shows in Chinese
in 中文 and 繁體: its Simplified name here, and its Traditional form made as the rest of the 繁體 edition is
(`hant.text`: the archive's phrase table, then OpenCC's Taiwan wording, which knows Taiwan's names for most
countries: 意大利 is 義大利, 新西兰 紐西蘭, 格鲁吉亚 喬治亞), or given in `_HANT` where that conversion would be
wrong. A name the table lacks shows as written in every mode: add it here, with its Chinese name as mainland
film writing uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import hant

# English name (as docs/films.yml writes it) -> Simplified Chinese name. Countries as they were when the film
# was made: a 1927 Soviet film is from the Soviet Union, a 1975 West German one from West Germany.
NAMES: dict[str, str] = {
    "Afghanistan": "阿富汗", "Albania": "阿尔巴尼亚", "Algeria": "阿尔及利亚", "Argentina": "阿根廷",
    "Armenia": "亚美尼亚", "Australia": "澳大利亚", "Austria": "奥地利", "Azerbaijan": "阿塞拜疆",
    "Bangladesh": "孟加拉国", "Belarus": "白俄罗斯", "Belgium": "比利时", "Bhutan": "不丹", "Bolivia": "玻利维亚",
    "Bosnia and Herzegovina": "波斯尼亚和黑塞哥维那", "Brazil": "巴西", "Bulgaria": "保加利亚",
    "Burkina Faso": "布基纳法索", "Cambodia": "柬埔寨", "Cameroon": "喀麦隆", "Canada": "加拿大", "Chad": "乍得",
    "Chile": "智利", "China": "中国", "Colombia": "哥伦比亚", "Croatia": "克罗地亚", "Cuba": "古巴",
    "Cyprus": "塞浦路斯", "Czech Republic": "捷克", "Czechia": "捷克", "Czechoslovakia": "捷克斯洛伐克",
    "Denmark": "丹麦", "East Germany": "东德", "Ecuador": "厄瓜多尔", "Egypt": "埃及", "Estonia": "爱沙尼亚",
    "Ethiopia": "埃塞俄比亚", "Finland": "芬兰", "France": "法国", "Georgia": "格鲁吉亚", "Germany": "德国",
    "Ghana": "加纳", "Greece": "希腊", "Hong Kong": "香港", "Hungary": "匈牙利", "Iceland": "冰岛", "India": "印度",
    "Indonesia": "印度尼西亚", "Iran": "伊朗", "Iraq": "伊拉克", "Ireland": "爱尔兰", "Israel": "以色列",
    "Italy": "意大利", "Ivory Coast": "科特迪瓦", "Japan": "日本", "Jordan": "约旦", "Kazakhstan": "哈萨克斯坦",
    "Kenya": "肯尼亚", "Latvia": "拉脱维亚", "Lebanon": "黎巴嫩", "Lithuania": "立陶宛", "Luxembourg": "卢森堡",
    "Macau": "澳门", "Malaysia": "马来西亚", "Mali": "马里", "Mauritania": "毛里塔尼亚", "Mexico": "墨西哥",
    "Mongolia": "蒙古", "Morocco": "摩洛哥", "Nepal": "尼泊尔", "Netherlands": "荷兰", "New Zealand": "新西兰",
    "Nigeria": "尼日利亚", "North Korea": "朝鲜", "North Macedonia": "北马其顿", "Norway": "挪威",
    "Pakistan": "巴基斯坦", "Palestine": "巴勒斯坦", "Paraguay": "巴拉圭", "Peru": "秘鲁", "Philippines": "菲律宾",
    "Poland": "波兰", "Portugal": "葡萄牙", "Qatar": "卡塔尔", "Romania": "罗马尼亚", "Russia": "俄罗斯",
    "Saudi Arabia": "沙特阿拉伯", "Senegal": "塞内加尔", "Serbia": "塞尔维亚", "Singapore": "新加坡",
    "Slovakia": "斯洛伐克", "Slovenia": "斯洛文尼亚", "South Africa": "南非", "South Korea": "韩国",
    "Soviet Union": "苏联", "Spain": "西班牙", "Sri Lanka": "斯里兰卡", "Sweden": "瑞典", "Switzerland": "瑞士",
    "Syria": "叙利亚", "Taiwan": "台湾", "Thailand": "泰国", "Tunisia": "突尼斯", "Turkey": "土耳其",
    "Ukraine": "乌克兰", "United Kingdom": "英国", "United States": "美国", "Uruguay": "乌拉圭", "USSR": "苏联",
    "Venezuela": "委内瑞拉", "Vietnam": "越南", "West Germany": "西德", "Yugoslavia": "南斯拉夫",
}

# Where converting the Simplified name's characters does not give Taiwan's name (OpenCC: 馬裡, 波斯尼亞和黑塞哥維那).
_HANT: dict[str, str] = {"马里": "馬利", "波斯尼亚和黑塞哥维那": "波士尼亞與赫塞哥維納"}


@dataclass(frozen=True)
class Countries:
    """A film's countries in each reading mode, listed as each language lists them."""

    zh: str
    hant: str
    en: str


def traditional(zh: str) -> str:
    """The 繁體 of one country's Simplified name."""
    return _HANT.get(zh) or hant.text(zh)


def named(countries: tuple[str, ...] | list[str]) -> Countries:
    """`countries` (English, as docs/films.yml writes them) in each mode; a name the table lacks as written."""
    zh = [NAMES.get(c, c) for c in countries]
    return Countries("、".join(zh), "、".join(traditional(c) for c in zh), ", ".join(countries))
