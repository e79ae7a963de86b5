"""The generated 繁體 edition: the phrase table (docs/hant-phrases.yml), OpenCC's Taiwan phrasing
without its computing vocabulary, Taiwan quotation marks, the spots listed for an editor, and a
proofread sample of the real archive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, ZH, Project, build
from test_build import PAGE, SLUG, cells, hant_cells

from slowcinema.archive.load import load_archive
from slowcinema.content.problems import Problems
from slowcinema.essays import page as essay_page
from slowcinema.languages import hant, hant_phrases
from slowcinema.languages.labels import label

TABLE = REPO / "docs" / hant_phrases.FILE


@pytest.fixture
def real_table():
    problems = Problems()
    table = hant_phrases.load(TABLE, "docs/hant-phrases.yml", problems)
    assert not problems, problems.report()
    hant.use(table.entries)
    yield table
    hant.use({})


@pytest.fixture
def no_table():
    hant.use({})
    yield


# -- the converter ------------------------------------------------------------------------------

def test_quotes_are_taiwan_style_in_text_and_never_in_markup(no_table):
    assert hant.text("他说：“要‘是’，不要‘像’。”") == "他說：「要『是』，不要『像』。」"
    assert hant.text("《L’Avventura》的“空白”") == "《L’Avventura》的「空白」"  # an apostrophe stays
    out = hant.html('<a title="“链接”" href="#“x”">“链接”</a>')
    assert out == '<a title="“链接”" href="#“x”">「連結」</a>'


def test_computing_vocabulary_is_not_put_into_film_prose(no_table):
    assert hant.text("不拍类型片") == "不拍類型片"
    assert hant.text("LAION图库") == "LAION圖庫"
    assert hant.text("一条拷贝") == "一條拷貝"
    assert hant.text("免责声明") == "免責聲明"
    assert hant.text("OpenAI发布Sora") == "OpenAI發布Sora"
    assert hant.text("剧照师比特纳") == "劇照師比特納"
    assert hant.text("拍摄、保存、展示") == "拍攝、保存、展示"
    # ... while OpenCC's right Taiwan words stay.
    assert hant.text("生成视频的训练数据，默认值") == "生成影片的訓練資料，預設值"


def test_interface_labels_use_the_same_conversion(no_table):
    assert '<span class="sca-l" lang="zh-Hant">類型</span>' in str(label("类型", "Kind"))


def test_a_phrase_of_the_table_is_kept_from_opencc(no_table):
    assert hant.text("罗伯特·布列松对表演") == "羅伯特·佈列松對錶演"  # what OpenCC alone does
    hant.use({"布列松": "布列松", "表演": "表演"})
    assert hant.text("罗伯特·布列松对表演") == "羅伯特·布列松對表演"
    assert hant.html('<em>布列松</em>对表演') == '<em>布列松</em>對表演'


def test_review_lists_the_ambiguous_forms_opencc_chose(no_table):
    assert hant.review("他对表演的不信任") == [("他对表演的", "他對錶演的")]
    assert [s for s, _ in hant.review("从统计规律里长出来的")] == ["规律里长出"]
    assert hant.review("以后在镜头里") == []  # the usual forms: nothing to look at
    hant.use({"表演": "表演"})
    assert hant.review("他对表演的不信任") == []


# -- the table file ------------------------------------------------------------------------------

def test_table_errors_name_the_file_line_and_fix(tmp_path: Path):
    path = tmp_path / "hant-phrases.yml"
    path.write_text("names:\n  布列松: 布列松\n  梅里爱: [梅里愛]\nterm:\n  表演: 表演\n"
                    "terms:\n  布列松: 佈列松\n  hello: 哈囉\n  表 演: 表演\n", encoding="utf-8")
    problems = Problems()
    table = hant_phrases.load(path, "docs/hant-phrases.yml", problems)
    report = problems.report()
    assert "docs/hant-phrases.yml:3: names.梅里爱: needs its Traditional form" in report
    assert "docs/hant-phrases.yml:4: term: unknown group 'term'. Did you mean 'terms'?" in report
    assert "docs/hant-phrases.yml:7: terms.布列松: '布列松' is already in the table (line 2)" in report
    assert "docs/hant-phrases.yml:8: terms.hello: a phrase must be Chinese text" in report
    assert "docs/hant-phrases.yml:9: terms.表 演: a phrase must be Chinese text without spaces" in report
    assert len(problems) == 5 and table.entries == {"布列松": "布列松"}
    path.write_text("terms:\n  表演: 表演\n  表演: 錶演\n", encoding="utf-8")  # the YAML loader's own checks
    problems = Problems()
    hant_phrases.load(path, "docs/hant-phrases.yml", problems)
    assert "docs/hant-phrases.yml:3: terms.表演: the key '表演' appears twice (first at line 2)" in problems.report()
    assert "Traceback" not in problems.report()


@pytest.mark.parametrize("key, value, shown", [
    ("蜉蝣", "<script>alert(1)</script>", "'<'"),
    ("河边", "<img/src/onerror=alert(1)>", "'<'"),
    ("河边", "河邊&lt;", "'&'"),
    ("河边", '"河邊', "'\"'"),
    ("河<边", "河邊", "'<'"),
    ("河边", "河\u202e邊", "'\\u202e'"),
])
def test_a_phrase_or_its_form_that_html_would_read_as_markup_is_refused(tmp_path: Path, key, value, shown):
    # A form is written into the pages' HTML between tags as it is (hant.html): a contributor's table must
    # not put markup there.
    path = tmp_path / "hant-phrases.yml"
    path.write_text(f"names:\n  布列松: 布列松\ncontext:\n  {key}: '{value}'\n".replace("''", "'").replace("'\"", "'\""),
                    encoding="utf-8")
    problems = Problems()
    table = hant_phrases.load(path, "docs/hant-phrases.yml", problems)
    assert f"docs/hant-phrases.yml:4: context.{key}: may not contain {shown}: a phrase and its Traditional form are " \
           f"plain text" in problems.report(), problems.report()
    assert table.entries == {"布列松": "布列松"}


def test_the_converted_text_of_html_stays_text_whatever_the_table_says(no_table):
    # The second wall, behind the loader's refusal: a table installed without it cannot make markup.
    hant.use({"蜉蝣": "<script>alert(1)</script>", "河边": "<img src=x onerror=alert(1)>"})
    out = hant.html('<p class="a">我们在河边，<em>蜉蝣</em>来了。</p>')
    assert out == '<p class="a">我們在&lt;img src=x onerror=alert(1)&gt;，<em>&lt;script&gt;alert(1)&lt;/script&gt;</em>來了。</p>'


# -- the real archive -----------------------------------------------------------------------------

# Each essay paragraph (and title and summary) of docs/essays/*/index.zh.md that holds one of these is
# in PROOFREAD, as a Taiwanese reader expects it.
TRAPS = ("布列松", "表演", "里长", "比特", "类型", "图库", "拷贝", "声明", "发布", "保存", "打开", "分布", "公布",
         "不准", "土豆", "公交车", "摄像机", "数字", "开尔文", "噪声", "信息", "质量", "家具", "塞里格", "梅里爱", "戛纳")

# The paragraph's first Simplified words -> the paragraph in 繁體, proofread.
PROOFREAD = {
    "导演手里拿到":
        "導演手裡拿到同一個鏡頭的四十個版本：黃昏的廚房，一個女人站在窗邊。哪一版都挑不出錯，哪一版都像那麼回事。"
        "2024年2月OpenAI發布Sora以後，這已經不是紙上的設想。素材從機器的提議開始，作者究竟在哪裡？",
    "光要最先定":
        "光要最先定，定了光再談別的，因為光交代時間，時間交代故事。窗開在哪面牆上，朝哪個方向，幾月幾點？"
        "十一月下午四點的西窗，低低的太陽一直照進屋子深處，顏色偏暖，窗框的影子長長地躺在地板上；同一時刻的北窗，"
        "光是冷的、勻的。日光按五千六百克耳文左右算，鎢絲燈三千二百克耳文左右，一張橙色或藍色的色溫紙就能把一種"
        "換成另一種。草稿常在這裡出些小錯：影子朝著唯一的那扇窗倒過去，臉上的光來自屋裡根本沒有的光源，光無緣無故"
        "亮了一截。鏡頭要靠光才站得住的地方，就一幀一幀地改。太陽每小時在天上走大約十五度，長鏡頭裡，牆上那塊陽光"
        "應該慢慢挪，而且挪得前後一致。",
    "马克斯·弗莱舍":
        "馬克斯·弗萊舍1915年為轉描機申請專利，1917年10月獲批。這臺機器把實拍膠片一格一格投到玻璃上，動畫師照著畫。"
        "弗萊舍兄弟早年的系列動畫《Out of the Inkwell》裡，小丑可可就是先拍下弟弟戴夫的表演，再照著畫出來的。"
        "攝影機給了動作，留哪根線、誇張哪裡，是畫畫的人說了算。沒有人會說小丑可可的作者是那臺攝影機。",
    "早期拷贝":
        "早期拷貝常用毛筆手工上色。片子越來越長，百代公司在1905年推出模版上色法，叫Pathécolor：每種顏色單用一條拷貝，"
        "沿著要染色的區域逐格刻出鏤空，到1906年，幹這活的女工約有六百人。這已經是工業生產，可每一格仍然經過某個人的"
        "眼睛和手。",
    "埃斯菲尔·舒布":
        "埃斯菲爾·舒布的《羅曼諾夫王朝的覆滅》（1927）全部用現成的膠片剪成，有些是從潮溼的地下室裡找回來的。"
        "約瑟夫·康奈爾的《羅斯·霍巴特》（1936）把1931年的長片《婆羅洲之東》的一份16毫米拷貝剪到十九分鐘上下，"
        "放映時用默片的速度，隔著一塊藍玻璃。他們一格都沒拍過，卻都是作者，因為挑什麼、怎麼排是他們定的，康奈爾還改了"
        "節奏和光的顏色。他把片子放慢了；機器草稿往往把事情催快。",
    "拍《逃狱三王》":
        "拍《逃獄三王》（2000）時，柯恩兄弟和攝影師羅傑·迪金斯在密西西比滿眼濃綠的夏天實拍，再把整部片子用數位手段"
        "調成乾燥、蒙塵的黃褐色；這部片常被稱作第一部從頭到尾數位調色的長片。更早還有測光表和色溫紙。這些工具都談不上"
        "品味，只管測量、偏移，拿來做什麼由人決定。",
    "生成的草稿性子急":
        "生成的草稿性子急。它以短片段為單位，OpenAI發布時說的是最長一分鐘的影片；片段裡的事情又往往來得太快："
        "手勢還沒看清就做完了，光變得太早，鏡頭比觀眾的眼睛先到。可慢電影的功夫全在時長上，而時長恰恰最不可能從草稿裡"
        "長出來。",
    "这些都不该写成":
        "這些都不該寫成替電影賠不是的免責聲明，而該寫進片尾字幕，和「調色」「剪輯」一樣平平常常。觀眾知道手落在哪裡，"
        "就會去找；在要緊的畫面裡，他們應該找得到。",
    "2024年2月，OpenAI":
        "2024年2月，OpenAI發布了文字生成影片的模型Sora，一併放出一批樣片。其中一段的提示詞寫的是：下雪的東京，"
        "街上熙熙攘攘，鏡頭穿過人群，「美麗的櫻花花瓣隨著雪花在風中飛舞」。同樣的鏡頭換真實劇組來拍，少說也得折騰"
        "好幾天。可是看這類畫面，我心裡總冒出一個詞：塑膠。",
    "先说表面":
        "先說表面。很多生成影片裡的東西沒有摩擦力：皮膚上沒有油光，牆面沒有返潮，溼漉漉的馬路亮得像剛打過蠟的地板。"
        "提示詞裡寫上「斑駁」，它就給你斑駁，可那斑駁也是乾淨的，像家具廠裡特意做舊的桌子。",
    "然后是运动":
        "然後是運動。OpenAI發布Sora時相當坦白，承認模型未必理解具體的因果關係，舉的例子是：一個人咬了一口餅乾，"
        "餅乾上卻可能沒有留下牙印。技術報告也承認，它模擬不好玻璃碎裂這類基本的物理作用，吃東西也不一定讓食物發生應有"
        "的變化。東西在動，動作卻不留痕跡；人在走路，重量卻沒有落到地上。",
    "路易·卢米埃尔":
        "路易·盧米埃爾的《嬰兒的午餐》（1895）不到一分鐘：他的哥哥奧古斯特和嫂子瑪格麗特坐在花園的餐桌旁，給女兒"
        "安德蕾餵飯。這一年12月28日巴黎大咖啡館那場著名的放映，節目單上就有它。梅里愛後來對一位電影史作者說，那天晚上"
        "讓他和別的觀眾驚歎的，是一家人身後的樹在風裡搖動。",
    "巴赞在1945年":
        "巴贊在1945年的《攝影影像的本體論》裡，拿死者的面模、都靈裹屍布、指紋來比照片：照片不只是像那樣東西，"
        "它是從那樣東西身上拓下來的，好比翻模。實拍影像就立在這個根基上：某一天，光真的落在一張臉上，又真的進了膠片"
        "或者感測器。生成影像是從海量圖片的統計規律裡長出來的，它可以很像，卻不是從任何東西身上拓下來的。",
    "生成模型天然趋向":
        "生成模型天然趨向最可能的畫面。這股引力把新手托上及格線，也把出眾者的稜角磨平。從小津、布列松、蔡明亮到"
        "道格瑪95，風格往往生於摩擦。",
    "2024年2月OpenAI":
        "2024年2月OpenAI發布Sora之後，這類影片模型越來越常見。它們用海量帶說明文字的圖片和片段訓練，其中不少是擴散"
        "模型，Sora就是一例：訓練時一步步去除加在影像上的雜訊，由此學到訓練資料分布的一個近似，也就是給定一段描述，"
        "哪些畫素組合更可能出現。生成時，模型從一片雜訊出發，朝著這份估計認為「可能」的畫面一步步走。它不是把存好的"
        "圖片拼貼起來，也不是一個有好惡的心智。",
    "“平均”二字":
        "「平均」二字要說準確。模型交出的並不是資料的算術平均，把世上所有落日照片平均一下，只會得到一團發褐的模糊。"
        "可是幾項尋常的工程選擇，會把它抽出的樣本推向密集的中心。「窗前的女人」這樣的描述對應著數不清的影像，其中最常見"
        "的理解分量最重。喬納森·霍（Jonathan Ho）和蒂姆·薩利曼斯（Tim Salimans）提出的無分類器引導，能讓畫面更貼合"
        "提示，代價也擺在明處：論文說，這類方法的用意就是「降低樣本的多樣性，同時提高每個樣本的品質」。訓練資料也常常"
        "過篩：Stable Diffusion第一版的後期訓練，用的是LAION圖庫裡經一個小模型判定「有美感」的圖片，那個小模型是照著"
        "人的評分訓練的。每一步都說得通，合在一起，就把輸出引向大多數影像的樣子，引向大多數評分者喜歡的樣子。",
    "罗伯特·布列松":
        "羅伯特·布列松的阻力對準的是表演。1950年代起，他改用非職業演員，稱之為「模特兒」，一個鏡頭常常重拍幾十遍，"
        "直到表演的痕跡磨得一乾二淨。1975年出版的《電影書寫札記》裡，他把原則壓成一句：「要『是』（模特兒），不要"
        "『像』（演員）。」他拿掉的，正是一個吃夠了銀幕戲劇的生成系統最先奉上的東西：富於表情的臉，一眼就能讀懂的"
        "情緒。《扒手》（1959）和《驢子巴特薩》（1966）的質地，就來自這份缺席。",
    "道格玛95":
        "道格瑪95乾脆把摩擦寫成了契約。1995年3月13日，拉斯·馮·提爾和托馬斯·溫特伯格在哥本哈根簽下十條「純潔誓言」："
        "實景拍攝，攝影機必須手持，不准特殊照明，不拍類型片，導演不得署名，等等。誓言裡甚至寫著：「我以導演身份發誓，"
        "放棄個人趣味！」可偏偏是這些壓制趣味的規矩，讓第一部獲認證的作品、溫特伯格用一臺索尼家用攝影機拍成的《家宴》"
        "（1998），有了那十年裡最好認的一種面貌，還拿下坎城評審團獎。",
    "这并不是说规矩":
        "這並不是說規矩本身就好。能造出某種面貌的限制，也能當成面貌來照抄，於是成了又一種平均。上面幾個例子裡，限制都"
        "拴在創作者真正想看見的東西上：小津的語法拴著他拍了幾十年的尋常家庭，布列松的模特兒拴著他對表演的不信任，"
        "蔡明亮的耐心拴著一個人的身體。摩擦要緊，是因為它不停地追問：這是我想要的嗎？",
    "也不是每一种摩擦":
        "也不是每一種摩擦都值得留。從前一卷膠片有多長，一個鏡頭最多就能拍多長；數位拍攝把這道上限拿掉了，拍長鏡頭的人"
        "樂得如此。取消限制的工具，完全可以為一個心裡有數的創作者所用。危險不在工具，而在預設值。",
    "对平均线以上的创作者":
        "對平均線以上的創作者，由此可以得出幾條習慣。從自己的素材、草圖和熟悉的地方起步，別從模型的第一個答案起步。"
        "給它設些不容易滿足的限制：只用一支鏡頭，固定一個機位高度，攝影機不動，光「錯」得恰如你意。把預設面孔讀成一張"
        "「此路不走」的地圖。讓作品裡有一部分保持緩慢，保持手上的分量。還要留意畫面在哪裡怎麼也不肯變成你要的樣子："
        "那正是你的想法偏離平均之處，這份阻力本身就是訊息。",
    "模型被拉向中间":
        "模型被拉向中間，就像水往低處流，談不上惡意。拍電影的人向來在跟某種引力較勁，片廠、類型、市場，都是。這一股"
        "更溫和，也更難察覺，因為它是以「幫忙」的面目來的。風格，有一部分就是一個創作者拒絕順勢滑下去的記錄。平均如今"
        "是所有人腳下的地面，要做的，是站在上面，而不被它帶著走。",
    "安东尼奥尼让空白":
        "安東尼奧尼讓空白的時刻成了一樁醜聞。1960年坎城，《奇遇》放映時滿場噓聲：一個女人在小島上失蹤，始終沒有找到。"
        "評審團最後還是把評審團獎頒給了它。《蝕》（1962）以羅馬一個街角約七分鐘的段落收尾，那是一對戀人約好見面的地方，"
        "兩個人都沒有來。我們看著一個沒有約會的約會地點：灑水器、開走的公車、水桶裡漂著的一截木頭。到這裡，死時間已經"
        "不是戲裡的停頓，它頂替了戲本身。",
    "香特尔·阿克曼":
        "香特爾·阿克曼把死時間搬進了廚房。《讓娜·迪爾曼》（1975）跟著一位寡婦（德爾菲娜·塞里格飾）過了三天：做飯、"
        "打掃、買菜，下午在家接客，片長201分鐘，大多是固定機位、一刀不剪的鏡頭。因為我們實打實地看過她削馬鈴薯，"
        "某天下午馬鈴薯煮過了頭，我們立刻就察覺了，這點小差錯落下來，分量不亞於別的電影裡的一聲槍響。2022年，"
        "《視與聽》雜誌的評論家投票把它選為影史最佳，女性導演的作品頭一回登上榜首。",
    "蔡明亮把静止":
        "蔡明亮把靜止推得更遠。《不散》（2003）發生在臺北一家老戲院歇業前的最後一夜，銀幕上放著胡金銓的《龍門客棧》"
        "（1967）；散場以後，鏡頭對著空蕩蕩的放映廳久久不動，久到那間屋子彷彿反過來在看我們。《郊遊》是他第一部用數位"
        "攝影機拍的長片，不再受膠片片盒長度的限制。這份盧米埃爾兄弟從未有過的自由，蔡明亮沒有拿去多做些什麼，而是拿來"
        "等得更久。",
    "其次，它把注意力":
        "其次，它把注意力還給了觀眾。一次切換就是一道指令：看這張臉，再看那隻手。切換遲遲不來，就再沒有誰替你安排視線。"
        "有人乾脆起身離場，這也是一種誠實的回答。留下來的人會發現畫面慢慢滿了起來：塔爾片中的雨，阿克曼片中削馬鈴薯的"
        "沙沙聲，蔡明亮那位舉牌人身後呼嘯而過的車流。電影不再指指點點，你才開始真正地看。",
    "这场争论放在今天":
        "這場爭論放在今天更要緊。OpenAI在2024年2月發布Sora時說，它能憑一句文字生成最長一分鐘的影片，差不多正是一部"
        "盧米埃爾短片的長度。這樣的片段看上去可以像一個長鏡頭，可是沒有人為它等過：沒有哪臺攝影機在光線變化時一直開著，"
        "也沒有誰站在工廠門口。時長不是秒數，而是一段大家一起經歷的流逝，先在鏡頭前，再在銀幕前。慢電影向每一個鏡頭"
        "提出的問題依然作數：有沒有人在這裡等過？這部電影肯不肯陪我一起等？",
    "像样的画面几乎不花钱的时候":
        "像樣的畫面幾乎不花錢的時候，最先失去市場的是作者和成片之間的那一層活：圖庫素材、中間畫、日常調色。"
        "那一層也曾是許多導演學手藝的地方。它的市場萎縮以後，它的教法還能留下多少？",
    "在构想一部电影的人":
        "在構想一部電影的人和銀幕上的電影之間，向來有大量沒有人署名的活：從圖庫裡買來的一個城市天際線鏡頭，動畫師的"
        "關鍵姿勢之間那些補上的畫，一整個晚上把這個鏡頭的顏色對到下一個鏡頭上。當像樣的畫面幾乎不花錢，最先失去市場"
        "的就是這一層活。",
    "图库素材最先感觉到":
        "圖庫素材最先感覺到。圖庫裡一段海浪、車流或人群的畫面之所以值錢，是因為它比派一個劇組去拍便宜。生成的片段更"
        "便宜，不用出外景，也不付場地費，還能調得和整個專案的其餘部分一致。圖庫賣的從來不是美，而是隨時可得；而隨時"
        "可得，恰恰是如今變得免費的東西。現成的畫面當然也能成為作品：埃斯菲爾·舒布的《羅曼諾夫王朝的覆滅》（1927）"
        "全部用現成的膠片剪成。可那是因為有人挑、有人排，不是因為畫面便宜。",
    "电影以前也失去过中间层":
        "電影以前也失去過中間層。1900年代那些手工刻模版給拷貝上色的女工數以百計，她們那一行今天已經不存在了。每一次，"
        "都有所得，也有些東西沒有傳下去。問題不在於中間層能不能作為一個市場活下去，它會萎縮；問題在於，沒有了市場，"
        "它的教法還能不能活下去。",
}


def _paragraphs(path: Path) -> list[str]:
    """The title, the summary and every paragraph of an essay's Simplified text."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    heads = [line.split(":", 1)[1].strip() for line in front.splitlines() if line.startswith(("title:", "summary:"))]
    return heads + [p.strip() for p in body.split("\n\n") if p.strip()]


def test_every_trap_paragraph_of_the_archive_reads_as_proofread(real_table):
    found, wrong = set(), []
    for path in sorted((REPO / "docs" / "essays").glob("*/index.zh.md")):
        for para in _paragraphs(path):
            if not any(t in para for t in TRAPS):
                continue
            key = next((k for k in PROOFREAD if para.startswith(k)), None)
            assert key is not None, (f"{path.relative_to(REPO)}: a paragraph with a known trap is not in the proofread "
                                     f"sample: proofread its 繁體 and add it to PROOFREAD\n{para}")
            found.add(key)
            if hant.text(para) != PROOFREAD[key]:
                wrong.append(f"{key}\n  got:      {hant.text(para)}\n  expected: {PROOFREAD[key]}")
    assert wrong == []
    assert found == set(PROOFREAD)  # every proofread paragraph is still in the archive


def test_the_real_archive_leaves_nothing_for_an_editor_to_look_at():
    archive, _ = load_archive(REPO / "docs", REPO)
    try:
        assert archive.hant_table.entries and archive.hant_table.entries["布列松"] == "布列松"
        assert [p for b in archive.bundles() for p in essay_page.hant_spots(b)] == []
    finally:
        hant.use({})


# -- builds ---------------------------------------------------------------------------------------

TRAP_ZH = ZH.replace("第一节的第二段。", "布列松的模特儿拴着他对表演的不信任，“要‘是’，不要‘像’”。")


def test_the_build_applies_the_archive_table_and_a_hand_written_text_wins(project: Project):
    project.essay(SLUG, zh=TRAP_ZH)
    project.write("hant-phrases.yml", "names:\n  布列松: 布列松\nterms:\n  表演: 表演\n")
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    hant_text = "".join(hant_cells(result.page(PAGE)))
    assert "布列松的模特兒拴著他對表演的不信任，「要『是』，不要『像』」。" in hant_text
    assert not (result.site / "hant-phrases.yml").exists()
    project.write(f"essays/{SLUG}/index.zh-Hant.md",
                  "---\ntitle: 等待之形\nsummary: 關於等待。\n---\n\n手寫的開頭。\n\n## 長鏡頭\n\n手寫第一段。\n\n手寫的佈列松。\n")
    result = build(project.root)
    assert result.ok, result.messages("WARNING")
    assert "手寫的佈列松。" in cells(result.page(PAGE), "zh-Hant")[3]


def test_an_ambiguous_spot_the_table_does_not_settle_is_a_warning_with_file_and_line(project: Project):
    project.essay(SLUG, zh=TRAP_ZH)
    result = build(project.root)
    assert not result.ok
    line = TRAP_ZH.splitlines().index(next(x for x in TRAP_ZH.splitlines() if "对表演" in x)) + 1
    warnings = [m for m in result.messages("WARNING") if "繁體" in m]
    assert any(f"docs/essays/{SLUG}/index.zh.md:{line}: 繁體: OpenCC turns 他对表演的 into 他對錶演的" in m
               and "docs/hant-phrases.yml" in m for m in warnings), warnings
    assert any(f"index.zh.md:{line}: 繁體: OpenCC turns 布列松 into 佈列松" in m for m in warnings), warnings


def test_a_broken_table_fails_the_build_with_file_and_line(project: Project):
    project.essay(SLUG)
    project.write("hant-phrases.yml", "names:\n  布列松: 布列松\nterm:\n  表演: 表演\n")
    result = build(project.root)
    assert not result.ok
    assert any("docs/hant-phrases.yml:3: term: unknown group 'term'" in m for m in result.messages("ERROR"))


def test_a_table_that_would_write_markup_fails_the_build_and_publishes_nothing_of_it(project: Project):
    # Found by an audit: a form was written into the 繁體 cells (essays, manifestos, galleries' introductions)
    # as it was, after the cleaning, and the policy then hashed the script it made.
    project.essay(SLUG, zh=ZH.replace("第一节的第二段。", "我们在河边等了很久，蜉蝣终于来了。"))
    project.write("hant-phrases.yml", "names:\n  布列松: 布列松\ncontext:\n  蜉蝣: <script>alert(1)</script>\n"
                  "  河边: <img/src/onerror=alert(1)>\n")
    result = build(project.root)
    assert not result.ok
    errors = result.messages("ERROR")
    assert any("docs/hant-phrases.yml:4: context.蜉蝣: may not contain '<'" in m for m in errors), errors
    assert any("docs/hant-phrases.yml:5: context.河边: may not contain '<'" in m for m in errors), errors
    assert not (result.site / "essays" / SLUG / "index.html").exists()


def test_an_entry_as_the_lists_show_it_follows_the_phrase_table(no_table):
    """An entry's view (its titles and summaries in each script) is made once a build for each bundle and hashed once
    (slowcinema.archive.indexes.entry_view): another phrase table, and it is made again with the new 繁體."""
    from slowcinema.archive import indexes
    from slowcinema.web import cache

    archive, _ = load_archive(REPO / "docs", REPO)
    try:
        essay = next(e for e in archive.essays if "zh" in e.versions and "zh-Hant" not in e.versions)
        simplified = essay.versions["zh"].title
        first = indexes.entry_view(essay)
        assert indexes.entry_view(essay) is first  # made once
        assert cache.key(first) == cache.key(dict(first)) == cache.key(dict(first))  # keyed as the dict it is
        hant.use({**archive.hant_table.entries, simplified: "〈新〉"})
        again = indexes.entry_view(essay)
        assert again is not first and {"tag": "zh-Hant", "title": "〈新〉", "summary": hant.text(essay.versions["zh"].summary)} \
            in again["titles"]
        assert cache.key(again) != cache.key(first)
    finally:
        hant.use({})
        indexes.forget_views()
