#!/usr/bin/env python3
"""Writes Fixtures/sample/framework.xml, the bundled sample framework.

The sample is an illustrative framework shaped like a national "digital knowledge
and skills" framework for a legislature. Every text in it was written for
CompetencyKit; it is not an official document and quotes none.

Descriptors are built from four phrases per competency (one per band) and one
sentence pattern per level, in English and Vietnamese. The output is
deterministic: running the script twice gives byte-identical files.

Usage: python3 Scripts/make-sample-framework.py [OUTPUT]
"""

import os
import re
import sys
from xml.sax.saxutils import escape, quoteattr

LANGS = ("en", "vi")

# --------------------------------------------------------------------------- scale

LEVELS = [
    # id, band, label en, label vi, description en, description vi
    ("L1", "basic", "Basic 1", "Cơ bản 1",
     "Carries out a few simple, familiar tasks when someone shows the way.",
     "Thực hiện được một số việc đơn giản, quen thuộc khi có người chỉ dẫn."),
    ("L2", "basic", "Basic 2", "Cơ bản 2",
     "Carries out simple everyday tasks alone and knows when to ask for help.",
     "Tự thực hiện được các việc đơn giản hằng ngày và biết khi nào cần nhờ trợ giúp."),
    ("L3", "intermediate", "Intermediate 1", "Trung cấp 1",
     "Handles the routine tasks of the job without help and fixes common, clear-cut problems.",
     "Tự xử lý được các công việc thường xuyên và khắc phục được những vấn đề phổ biến, rõ ràng."),
    ("L4", "intermediate", "Intermediate 2", "Trung cấp 2",
     "Works independently on routine and less familiar tasks, choosing tools and methods to suit the need.",
     "Làm việc độc lập với cả công việc thường xuyên lẫn công việc ít quen thuộc, tự chọn công cụ và cách làm phù hợp."),
    ("L5", "advanced", "Advanced 1", "Nâng cao 1",
     "Deals with a wide range of tasks and problems and helps colleagues to do the same.",
     "Xử lý được nhiều loại công việc và vấn đề khác nhau, đồng thời giúp đồng nghiệp làm được như vậy."),
    ("L6", "advanced", "Advanced 2", "Nâng cao 2",
     "Judges which approach fits a complex situation, adapts it and coaches others.",
     "Đánh giá được cách tiếp cận phù hợp với tình huống phức tạp, điều chỉnh cách làm và kèm cặp người khác."),
    ("L7", "specialised", "Specialised 1", "Chuyên sâu 1",
     "Resolves difficult problems that have few known answers and shapes practice across the institution.",
     "Giải quyết được những vấn đề khó, ít có lời giải sẵn và định hướng cách làm trong toàn cơ quan."),
    ("L8", "specialised", "Specialised 2", "Chuyên sâu 2",
     "Resolves problems with many interacting factors and devises new methods that others in the field adopt.",
     "Giải quyết được những vấn đề có nhiều yếu tố đan xen và đề xuất phương pháp mới được người khác trong lĩnh vực áp dụng."),
]

# One sentence pattern per level; {p} is the phrase of the level's band.
PATTERNS = {
    "L1": ("With guidance, can {p}.",
           "Khi có người hướng dẫn, có thể {p}."),
    "L2": ("Working alone, can {p}; asks for help only when something unusual happens.",
           "Có thể tự mình {p}; chỉ cần hỗ trợ khi gặp tình huống bất thường."),
    "L3": ("In the routine tasks of the job, can {p}.",
           "Trong công việc thường ngày, có thể {p}."),
    "L4": ("Working independently, also on unfamiliar tasks, can {p}, choosing the approach that suits the need.",
           "Có thể chủ động {p}, kể cả với công việc chưa quen, và chọn cách làm phù hợp với yêu cầu."),
    "L5": ("Can {p} and help colleagues to do the same.",
           "Có thể {p} và giúp đồng nghiệp làm được như vậy."),
    "L6": ("In complex situations, can {p}, adapting the approach and coaching others.",
           "Trong những tình huống phức tạp, có thể {p}, biết điều chỉnh cách làm và kèm cặp người khác."),
    "L7": ("Faced with problems that have no ready answer, can {p}.",
           "Trước những vấn đề chưa có lời giải sẵn, có thể {p}."),
    "L8": ("Can {p} and devise new methods that are taken up beyond the institution.",
           "Có thể {p}, đồng thời đề xuất phương pháp mới được áp dụng cả bên ngoài cơ quan."),
}
BAND_OF = {lid: band for lid, band, *_ in LEVELS}
BAND_INDEX = {"basic": 0, "intermediate": 1, "advanced": 2, "specialised": 3}

# --------------------------------------------------------------------------- domains

# Each competency: id, title (en, vi), statement (en, vi),
# phrases per band [(en, vi)] x 4 (basic, intermediate, advanced, specialised).
DOMAINS = [
    ("D1", ("Information and data literacy", "Khai thác dữ liệu và thông tin"), [
        ("C1.1", ("Searching for and filtering information", "Tìm kiếm và chọn lọc thông tin"),
         ("Finds the information and data needed for a task in digital sources and narrows the results to what is relevant.",
          "Tìm được thông tin, dữ liệu cần cho công việc từ các nguồn số và thu hẹp kết quả về những gì liên quan."),
         [("look up information with a search engine or a portal using simple keywords",
           "tra cứu thông tin trên máy tìm kiếm hoặc cổng thông tin bằng từ khóa đơn giản"),
          ("refine searches with filters and search operators and keep track of useful results",
           "thu hẹp kết quả tìm kiếm bằng bộ lọc, toán tử tìm kiếm và lưu lại các kết quả hữu ích"),
          ("plan a search across legal databases, statistics and news archives to answer a policy question",
           "lập kế hoạch tìm kiếm trên các cơ sở dữ liệu pháp luật, số liệu thống kê và kho tin tức để trả lời một câu hỏi chính sách"),
          ("design search and monitoring services that keep the institution informed",
           "thiết kế các dịch vụ tìm kiếm và theo dõi thông tin phục vụ toàn cơ quan")]),
        ("C1.2", ("Judging the reliability of information", "Đánh giá độ tin cậy của thông tin"),
         ("Compares sources, checks facts and recognises misleading or false content before using it or passing it on.",
          "So sánh các nguồn, kiểm chứng dữ kiện và nhận ra nội dung sai lệch hoặc giả mạo trước khi sử dụng hay chia sẻ."),
         [("tell an official source from an unofficial one",
           "phân biệt nguồn thông tin chính thống với nguồn không chính thống"),
          ("check a claim against several independent sources and spot the usual signs of false news",
           "đối chiếu một thông tin với nhiều nguồn độc lập và nhận ra các dấu hiệu thường gặp của tin giả"),
          ("assess the evidence behind reports and statistics submitted to the legislature",
           "thẩm định cơ sở bằng chứng của các báo cáo, số liệu trình lên cơ quan lập pháp"),
          ("set the institution's standards for verifying information and countering disinformation",
           "xây dựng chuẩn mực kiểm chứng thông tin và ứng phó với tin giả cho cơ quan")]),
        ("C1.3", ("Organising and storing data", "Tổ chức và lưu trữ dữ liệu"),
         ("Keeps files and data in order so that they can be found, shared and preserved.",
          "Sắp xếp tệp và dữ liệu một cách khoa học để dễ tìm, dễ chia sẻ và lưu giữ lâu dài."),
         [("save, name and find files in folders and shared drives",
           "lưu, đặt tên và tìm lại tệp trong thư mục và ổ đĩa dùng chung"),
          ("structure folders, versions and metadata so that a team works from one set of records",
           "tổ chức thư mục, phiên bản và siêu dữ liệu để cả nhóm cùng làm việc trên một bộ hồ sơ"),
          ("manage the databases and records of a unit, including retention periods and backups",
           "quản lý cơ sở dữ liệu và hồ sơ của một đơn vị, kể cả thời hạn lưu giữ và việc sao lưu"),
          ("design data management policies and architectures for the whole institution",
           "thiết kế chính sách và kiến trúc quản lý dữ liệu cho toàn cơ quan")]),
        ("C1.4", ("Analysing and presenting data", "Phân tích và trình bày dữ liệu"),
         ("Turns data into findings with tables, charts and simple statistics, and presents them honestly.",
          "Biến dữ liệu thành kết luận bằng bảng, biểu đồ và thống kê đơn giản, đồng thời trình bày một cách trung thực."),
         [("read a table or a chart and pick out the main figures",
           "đọc bảng số liệu hoặc biểu đồ và nắm được những con số chính"),
          ("sort, filter and chart data in a spreadsheet to answer a question",
           "sắp xếp, lọc và vẽ biểu đồ dữ liệu trên bảng tính để trả lời một câu hỏi"),
          ("analyse budget and socio-economic data to support oversight and debate",
           "phân tích dữ liệu ngân sách và kinh tế - xã hội để phục vụ giám sát và thảo luận"),
          ("build analytical models and dashboards that inform legislative decisions",
           "xây dựng mô hình phân tích và bảng điều khiển dữ liệu hỗ trợ việc ra quyết định lập pháp")]),
    ]),
    ("D2", ("Communication and collaboration", "Giao tiếp và hợp tác trong môi trường số"), [
        ("C2.1", ("Communicating through digital channels", "Giao tiếp qua các kênh số"),
         ("Uses e-mail, messaging and video calls to communicate clearly and appropriately.",
          "Sử dụng thư điện tử, tin nhắn và cuộc gọi video để giao tiếp rõ ràng, phù hợp."),
         [("send and answer e-mails and messages and join a video call",
           "gửi, trả lời thư điện tử, tin nhắn và tham gia cuộc gọi video"),
          ("choose the right channel for each message and write clear, well-structured correspondence",
           "chọn kênh phù hợp cho từng nội dung và viết thư từ rõ ràng, mạch lạc"),
          ("run communication with voters and partners across several digital channels",
           "tổ chức việc liên lạc với cử tri và đối tác trên nhiều kênh số"),
          ("define the digital communication channels and protocols of the institution",
           "xác định các kênh và quy trình giao tiếp số của cơ quan")]),
        ("C2.2", ("Sharing information and content", "Chia sẻ thông tin và nội dung"),
         ("Shares files, links and information with the right people and the right permissions.",
          "Chia sẻ tệp, đường liên kết và thông tin đúng người, đúng quyền truy cập."),
         [("share a file or a link with a colleague",
           "chia sẻ một tệp hoặc đường liên kết với đồng nghiệp"),
          ("set access rights on shared content and say where information comes from",
           "thiết lập quyền truy cập cho nội dung chia sẻ và ghi rõ nguồn thông tin"),
          ("organise the release of information to the public through official channels",
           "tổ chức việc công bố thông tin tới công chúng qua các kênh chính thức"),
          ("shape the institution's policy on sharing and publishing information",
           "định hình chính sách chia sẻ và công bố thông tin của cơ quan")]),
        ("C2.3", ("Working together online", "Cộng tác trực tuyến"),
         ("Works with others through shared documents, online meetings and collaboration platforms.",
          "Làm việc với người khác qua tài liệu dùng chung, họp trực tuyến và các nền tảng cộng tác."),
         [("edit a shared document and take part in an online meeting",
           "chỉnh sửa tài liệu dùng chung và tham gia họp trực tuyến"),
          ("organise online meetings and keep a team's work in a shared workspace",
           "tổ chức họp trực tuyến và quản lý công việc của nhóm trên không gian làm việc chung"),
          ("lead projects that bring several units together on collaboration platforms",
           "chủ trì các dự án phối hợp nhiều đơn vị trên nền tảng cộng tác"),
          ("design collaborative work processes between institutions",
           "thiết kế quy trình cộng tác số giữa các cơ quan")]),
        ("C2.4", ("Conduct and identity online", "Ứng xử và danh tính trên môi trường số"),
         ("Behaves respectfully online and manages a professional digital identity that reflects well on the institution.",
          "Ứng xử văn minh trên mạng và quản lý danh tính số nghề nghiệp, giữ gìn hình ảnh của cơ quan."),
         [("follow the basic rules of polite and lawful behaviour online",
           "tuân thủ các quy tắc cơ bản về ứng xử lịch sự và đúng pháp luật trên mạng"),
          ("keep personal and official accounts apart and respond calmly to criticism online",
           "tách bạch tài khoản cá nhân với tài khoản công vụ và phản hồi bình tĩnh trước ý kiến trái chiều trên mạng"),
          ("manage the online presence of a public office and handle sensitive discussions",
           "quản lý hình ảnh trực tuyến của một cơ quan công quyền và xử lý các cuộc thảo luận nhạy cảm"),
          ("write codes of conduct for the digital presence of the institution",
           "xây dựng bộ quy tắc ứng xử trên môi trường số cho cơ quan")]),
    ]),
    ("D3", ("Digital content creation", "Sáng tạo nội dung số"), [
        ("C3.1", ("Producing documents and presentations", "Soạn thảo văn bản và bài trình chiếu"),
         ("Produces documents, spreadsheets and slides that follow the required layout and are easy to read.",
          "Tạo lập văn bản, bảng tính và bài trình chiếu đúng thể thức, dễ đọc."),
         [("type, format and print a short document",
           "soạn, định dạng và in một văn bản ngắn"),
          ("produce official documents with styles, tables and templates in the prescribed format",
           "soạn văn bản hành chính bằng kiểu định dạng, bảng biểu và mẫu theo đúng thể thức quy định"),
          ("produce long reports with several authors, tracked changes and cross-references",
           "biên soạn báo cáo dài có nhiều người cùng viết, có theo dõi thay đổi và tham chiếu chéo"),
          ("develop the templates and document standards used across the institution",
           "xây dựng các mẫu và chuẩn văn bản dùng chung trong toàn cơ quan")]),
        ("C3.2", ("Editing and combining content", "Biên tập và kết hợp nội dung"),
         ("Revises and combines text, images, sound and video into new content.",
          "Chỉnh sửa và kết hợp văn bản, hình ảnh, âm thanh, video thành nội dung mới."),
         [("insert a picture or a table into a document and make simple edits",
           "chèn hình ảnh hoặc bảng vào văn bản và chỉnh sửa đơn giản"),
          ("edit images and short videos and combine them with text for publication",
           "chỉnh sửa ảnh, video ngắn và kết hợp với văn bản để đăng tải"),
          ("produce multimedia material for sessions, hearings and public events",
           "sản xuất tài liệu đa phương tiện cho các kỳ họp, phiên giải trình và sự kiện công chúng"),
          ("direct the production of multimedia content for the whole institution",
           "chỉ đạo sản xuất nội dung đa phương tiện cho toàn cơ quan")]),
        ("C3.3", ("Copyright and licences", "Bản quyền và giấy phép sử dụng"),
         ("Respects copyright and licences when reusing content, and chooses licences for what the institution publishes.",
          "Tôn trọng quyền tác giả và giấy phép khi sử dụng lại nội dung, đồng thời lựa chọn giấy phép cho nội dung cơ quan công bố."),
         [("recognise that most content online is protected and may not be copied freely",
           "nhận biết phần lớn nội dung trên mạng được bảo hộ và không được tùy ý sao chép"),
          ("find content that may be reused and credit it correctly",
           "tìm được nội dung được phép sử dụng lại và ghi nguồn đúng cách"),
          ("advise colleagues on licences, permissions and exceptions for official use",
           "tư vấn cho đồng nghiệp về giấy phép, việc xin phép và các ngoại lệ khi sử dụng cho mục đích công vụ"),
          ("set the licensing policy for the institution's publications and data",
           "xây dựng chính sách cấp phép cho các ấn phẩm và dữ liệu của cơ quan")]),
        ("C3.4", ("Automating tasks and programming", "Tự động hóa công việc và lập trình"),
         ("Gives a computer instructions, from spreadsheet formulas to scripts, so that repetitive work is done automatically.",
          "Ra lệnh cho máy tính, từ công thức bảng tính đến tập lệnh, để công việc lặp lại được thực hiện tự động."),
         [("use a simple formula or a ready-made macro in a spreadsheet",
           "sử dụng công thức đơn giản hoặc macro có sẵn trong bảng tính"),
          ("write formulas and small scripts that automate repetitive office tasks",
           "viết công thức và tập lệnh nhỏ để tự động hóa các thao tác văn phòng lặp lại"),
          ("develop and maintain small applications and integrations for a unit",
           "phát triển và duy trì các ứng dụng, tích hợp nhỏ cho một đơn vị"),
          ("lead software development that follows sound engineering practice",
           "chỉ đạo phát triển phần mềm theo các thực hành kỹ thuật đúng đắn")]),
    ]),
    ("D4", ("Safety", "An toàn trong môi trường số"), [
        ("C4.1", ("Protecting devices and accounts", "Bảo vệ thiết bị và tài khoản"),
         ("Keeps computers, phones and accounts safe from malware, theft and unauthorised access.",
          "Giữ an toàn cho máy tính, điện thoại và tài khoản trước mã độc, mất cắp và truy cập trái phép."),
         [("lock a device, use a strong password and install updates when asked",
           "khóa thiết bị, dùng mật khẩu mạnh và cài đặt bản cập nhật khi được yêu cầu"),
          ("use two-step sign-in, recognise phishing and report suspicious activity",
           "sử dụng xác thực hai bước, nhận diện thư lừa đảo và báo cáo hoạt động đáng ngờ"),
          ("configure and monitor the security of the devices and accounts of a unit",
           "cấu hình và giám sát an toàn cho thiết bị, tài khoản của một đơn vị"),
          ("design the security architecture for the institution's devices and identities",
           "thiết kế kiến trúc an ninh cho thiết bị và định danh của toàn cơ quan")]),
        ("C4.2", ("Protecting personal data and privacy", "Bảo vệ dữ liệu cá nhân và quyền riêng tư"),
         ("Protects the personal data of oneself, colleagues and citizens, and respects privacy law.",
          "Bảo vệ dữ liệu cá nhân của bản thân, đồng nghiệp và người dân, tuân thủ pháp luật về quyền riêng tư."),
         [("decide which personal details are safe to share online",
           "xác định những thông tin cá nhân nào có thể chia sẻ an toàn trên mạng"),
          ("handle citizens' personal data in line with the rules on personal data protection",
           "xử lý dữ liệu cá nhân của người dân theo đúng quy định về bảo vệ dữ liệu cá nhân"),
          ("assess the privacy risks of a new service and put safeguards in place",
           "đánh giá rủi ro về quyền riêng tư của một dịch vụ mới và áp dụng biện pháp bảo vệ"),
          ("draft data protection policy and advise on privacy legislation",
           "xây dựng chính sách bảo vệ dữ liệu và tư vấn về các dự án luật liên quan đến quyền riêng tư")]),
        ("C4.3", ("Handling official information securely", "Xử lý an toàn thông tin công vụ"),
         ("Classifies, stores and transmits official and confidential information only through approved means.",
          "Phân loại, lưu trữ và truyền đưa thông tin công vụ, thông tin mật chỉ qua các phương tiện được phép."),
         [("recognise documents marked as confidential and keep them off personal accounts",
           "nhận biết tài liệu có đóng dấu mật và không lưu chúng trên tài khoản cá nhân"),
          ("send and store official documents only through approved systems and encrypted channels",
           "gửi và lưu trữ văn bản công vụ chỉ qua hệ thống được phê duyệt và kênh mã hóa"),
          ("run the information security procedures of a unit, including incident reporting",
           "vận hành quy trình bảo đảm an toàn thông tin của một đơn vị, kể cả việc báo cáo sự cố"),
          ("lead the institution's information security programme and its response to serious incidents",
           "chỉ đạo chương trình an toàn thông tin của cơ quan và công tác ứng phó sự cố nghiêm trọng")]),
        ("C4.4", ("Health and wellbeing in digital work", "Sức khỏe và cân bằng khi làm việc số"),
         ("Avoids the health risks of screen work, manages digital overload and helps keep the workplace free of online harassment.",
          "Phòng tránh tác hại của việc làm việc lâu với màn hình, kiểm soát tình trạng quá tải thông tin và góp phần giữ môi trường làm việc không có quấy rối trực tuyến."),
         [("take breaks from the screen and set up a comfortable workstation",
           "nghỉ giải lao khỏi màn hình và bố trí chỗ ngồi làm việc thoải mái"),
          ("manage notifications and working hours to avoid digital overload",
           "kiểm soát thông báo và giờ làm việc để tránh quá tải số"),
          ("recognise online harassment or burnout in a team and act on it",
           "nhận biết tình trạng bị quấy rối trực tuyến hoặc kiệt sức trong nhóm và có biện pháp xử lý"),
          ("shape workplace policies for healthy and inclusive digital work",
           "định hình chính sách về môi trường làm việc số lành mạnh và hòa nhập")]),
    ]),
    ("D5", ("Problem solving", "Giải quyết vấn đề"), [
        ("C5.1", ("Solving technical problems", "Giải quyết sự cố kỹ thuật"),
         ("Identifies and fixes technical problems with devices and applications, or finds the right help.",
          "Xác định và khắc phục sự cố kỹ thuật của thiết bị, ứng dụng hoặc tìm đúng nơi hỗ trợ."),
         [("restart a device or an application and describe a problem to the help desk",
           "khởi động lại thiết bị, ứng dụng và mô tả sự cố cho bộ phận hỗ trợ"),
          ("diagnose common problems with printers, networks and software and fix them",
           "chẩn đoán và khắc phục các sự cố thường gặp với máy in, mạng và phần mềm"),
          ("run technical support for users and keep systems working",
           "tổ chức hỗ trợ kỹ thuật cho người dùng và duy trì hệ thống hoạt động ổn định"),
          ("plan the technical infrastructure of the institution and its resilience",
           "hoạch định hạ tầng kỹ thuật của cơ quan và khả năng phục hồi của hạ tầng đó")]),
        ("C5.2", ("Choosing digital tools for a need", "Lựa chọn công cụ số phù hợp với nhu cầu"),
         ("Matches needs with digital tools and services and adapts them to the way work is done.",
          "Xác định nhu cầu, chọn công cụ và dịch vụ số phù hợp, điều chỉnh chúng theo cách thức làm việc."),
         [("use the tools provided for a task as instructed",
           "sử dụng công cụ được cung cấp cho một công việc theo hướng dẫn"),
          ("compare several tools for a task and pick the one that fits best",
           "so sánh một số công cụ cho một công việc và chọn công cụ phù hợp nhất"),
          ("define requirements for a unit's digital tools and take part in procurement",
           "xác định yêu cầu về công cụ số của một đơn vị và tham gia mua sắm"),
          ("steer the choice of platforms for the whole institution",
           "định hướng lựa chọn nền tảng số cho toàn cơ quan")]),
        ("C5.3", ("Using artificial intelligence wisely", "Sử dụng trí tuệ nhân tạo thận trọng"),
         ("Uses AI tools to help with work while checking their output and protecting confidential information.",
          "Sử dụng công cụ trí tuệ nhân tạo hỗ trợ công việc, đồng thời kiểm tra kết quả và giữ bí mật thông tin."),
         [("ask an AI assistant a question and recognise that the answer may be wrong",
           "đặt câu hỏi cho trợ lý trí tuệ nhân tạo và nhận biết câu trả lời có thể sai"),
          ("use AI tools to summarise and draft text, checking facts and keeping confidential data out",
           "dùng công cụ trí tuệ nhân tạo để tóm tắt, soạn thảo văn bản, có kiểm chứng dữ kiện và không đưa dữ liệu mật vào"),
          ("assess AI tools for a unit's work and set rules for their use",
           "đánh giá công cụ trí tuệ nhân tạo cho công việc của đơn vị và đặt ra quy định sử dụng"),
          ("advise on policy and legislation for artificial intelligence",
           "tư vấn chính sách và pháp luật về trí tuệ nhân tạo")]),
        ("C5.4", ("Keeping digital skills up to date", "Cập nhật năng lực số của bản thân"),
         ("Recognises gaps in one's own digital competence and takes steps to close them.",
          "Nhận ra những thiếu hụt trong năng lực số của bản thân và chủ động bù đắp."),
         [("notice when a task needs a digital skill that one does not yet have",
           "nhận ra khi công việc đòi hỏi một kỹ năng số mà mình chưa có"),
          ("find courses and materials to learn a new digital skill",
           "tìm khóa học và tài liệu để học một kỹ năng số mới"),
          ("plan the digital learning of a team",
           "lập kế hoạch học tập kỹ năng số cho một nhóm"),
          ("design digital capacity-building programmes for the institution",
           "thiết kế chương trình nâng cao năng lực số cho toàn cơ quan")]),
    ]),
    ("D6", ("Digital skills for legislative and public service work",
            "Kỹ năng số trong hoạt động lập pháp và công vụ"), [
        ("C6.1", ("Using e-parliament systems", "Sử dụng hệ thống Quốc hội điện tử"),
         ("Uses the legislature's digital systems for sessions, documents, voting and questions.",
          "Sử dụng các hệ thống số của cơ quan lập pháp phục vụ kỳ họp, tài liệu, biểu quyết và chất vấn."),
         [("sign in to the e-parliament portal and open session documents",
           "đăng nhập cổng Quốc hội điện tử và mở tài liệu kỳ họp"),
          ("use the e-parliament system to follow agendas, annotate drafts, vote and submit questions",
           "sử dụng hệ thống Quốc hội điện tử để theo dõi chương trình, ghi chú dự thảo, biểu quyết và gửi chất vấn"),
          ("support deputies and committees in using e-parliament tools during sessions",
           "hỗ trợ đại biểu và các ủy ban sử dụng công cụ Quốc hội điện tử trong kỳ họp"),
          ("plan the development of e-parliament services",
           "hoạch định việc phát triển các dịch vụ Quốc hội điện tử")]),
        ("C6.2", ("Electronic documents and digital signatures", "Văn bản điện tử và chữ ký số"),
         ("Creates, signs, sends and files official documents electronically.",
          "Tạo lập, ký số, gửi và lưu trữ văn bản công vụ dưới dạng điện tử."),
         [("receive and read electronic documents in the document management system",
           "tiếp nhận và đọc văn bản điện tử trên hệ thống quản lý văn bản"),
          ("sign documents digitally and process them through the electronic workflow",
           "ký số văn bản và xử lý văn bản theo quy trình điện tử"),
          ("organise fully electronic handling and filing of documents in a unit",
           "tổ chức việc xử lý và lưu trữ văn bản hoàn toàn trên môi trường điện tử trong một đơn vị"),
          ("design the institution's infrastructure for electronic records and signatures",
           "thiết kế hạ tầng hồ sơ điện tử và chữ ký số cho toàn cơ quan")]),
        ("C6.3", ("Online public services", "Dịch vụ công trực tuyến"),
         ("Uses and explains online public services and helps citizens reach them.",
          "Sử dụng, giải thích dịch vụ công trực tuyến và giúp người dân tiếp cận các dịch vụ này."),
         [("use an online public service for a personal matter",
           "sử dụng một dịch vụ công trực tuyến cho việc cá nhân"),
          ("guide citizens and voters to the online services they need",
           "hướng dẫn người dân, cử tri tìm đến dịch vụ trực tuyến họ cần"),
          ("evaluate how well online public services work for citizens and propose improvements",
           "đánh giá mức độ hiệu quả của dịch vụ công trực tuyến đối với người dân và đề xuất cải tiến"),
          ("oversee national policy on digital government services",
           "giám sát chính sách quốc gia về dịch vụ chính phủ số")]),
        ("C6.4", ("Open data and transparency", "Dữ liệu mở và minh bạch"),
         ("Finds, uses and publishes open government data to support transparency and oversight.",
          "Tìm kiếm, khai thác và công bố dữ liệu mở của Nhà nước để phục vụ minh bạch và giám sát."),
         [("find published data on an open data portal",
           "tìm dữ liệu đã công bố trên cổng dữ liệu mở"),
          ("download open data sets and use them in reports",
           "tải bộ dữ liệu mở và sử dụng trong báo cáo"),
          ("prepare the legislature's data for publication in open formats",
           "chuẩn bị dữ liệu của cơ quan lập pháp để công bố dưới định dạng mở"),
          ("set open data policy and standards for the legislature",
           "xây dựng chính sách và tiêu chuẩn dữ liệu mở cho cơ quan lập pháp")]),
    ]),
]

# Extra descriptor content: (competency, level) -> list of (element, en, vi).
EXTRAS = {
    ("C1.1", "L2"): [
        ("knowledge", "How search engines rank results and why the first hit is not always the best.",
         "Cách máy tìm kiếm xếp hạng kết quả và lý do kết quả đầu tiên chưa chắc đã tốt nhất."),
        ("skill", "Choosing keywords and trying alternatives when a search finds nothing useful.",
         "Chọn từ khóa và thử cách diễn đạt khác khi tìm kiếm không ra kết quả hữu ích.")],
    ("C1.2", "L3"): [
        ("knowledge", "Common techniques of disinformation, such as fabricated quotes and altered images.",
         "Các thủ đoạn phổ biến của tin giả như trích dẫn bịa đặt và hình ảnh bị chỉnh sửa."),
        ("skill", "Tracing a claim back to its original source.",
         "Truy ngược một thông tin về nguồn gốc ban đầu của nó.")],
    ("C1.4", "L4"): [
        ("skill", "Building a pivot table and a clear chart from a raw data set.",
         "Tạo bảng tổng hợp và biểu đồ rõ ràng từ một bộ dữ liệu thô.")],
    ("C2.1", "L2"): [
        ("skill", "Writing a short e-mail with a clear subject line and the right recipients.",
         "Viết một thư điện tử ngắn có tiêu đề rõ ràng và gửi đúng người nhận.")],
    ("C3.1", "L3"): [
        ("knowledge", "The prescribed layout of administrative documents.",
         "Thể thức và kỹ thuật trình bày văn bản hành chính theo quy định.")],
    ("C3.3", "L3"): [
        ("knowledge", "What open licences allow and what they require in return.",
         "Những gì giấy phép mở cho phép và những điều kiện đi kèm.")],
    ("C4.1", "L2"): [
        ("knowledge", "What makes a password strong and why updates matter.",
         "Thế nào là mật khẩu mạnh và vì sao cần cập nhật phần mềm."),
        ("skill", "Turning on screen lock and automatic updates on a phone and a computer.",
         "Bật khóa màn hình và cập nhật tự động trên điện thoại và máy tính.")],
    ("C4.2", "L2"): [
        ("knowledge", "Which details count as personal data.",
         "Những thông tin nào được coi là dữ liệu cá nhân."),
        ("attitude", "Treats other people's personal data with the same care as one's own.",
         "Trân trọng dữ liệu cá nhân của người khác như của chính mình."),
        ("example", "Declines to post a photo of a citizen's petition that shows the petitioner's address.",
         "Không đăng ảnh đơn kiến nghị của người dân có ghi địa chỉ người gửi.")],
    ("C4.3", "L3"): [
        ("skill", "Sending an official document through the approved system instead of a personal mailbox.",
         "Gửi văn bản công vụ qua hệ thống được phê duyệt thay vì hộp thư cá nhân.")],
    ("C5.3", "L3"): [
        ("knowledge", "Why AI assistants can produce confident but false answers.",
         "Vì sao trợ lý trí tuệ nhân tạo có thể đưa ra câu trả lời tự tin nhưng sai."),
        ("skill", "Checking an AI-generated summary against the original document.",
         "Đối chiếu bản tóm tắt do trí tuệ nhân tạo tạo ra với văn bản gốc.")],
    ("C6.1", "L3"): [
        ("knowledge", "The modules of the e-parliament system and who may use each.",
         "Các phân hệ của hệ thống Quốc hội điện tử và đối tượng được sử dụng từng phân hệ."),
        ("skill", "Registering to speak and voting from a tablet during a plenary sitting.",
         "Đăng ký phát biểu và biểu quyết trên máy tính bảng trong phiên họp toàn thể."),
        ("example", "Annotates a draft law on the tablet and shares the notes with the committee secretariat.",
         "Ghi chú trên dự thảo luật bằng máy tính bảng và chia sẻ ghi chú với bộ phận giúp việc của ủy ban.")],
    ("C6.2", "L3"): [
        ("knowledge", "The legal value of a digitally signed document.",
         "Giá trị pháp lý của văn bản được ký số."),
        ("skill", "Signing a document with a personal digital signature token.",
         "Ký văn bản bằng thiết bị chữ ký số cá nhân.")],
    ("C6.3", "L3"): [
        ("skill", "Showing a voter how to file a request on the national public service portal.",
         "Hướng dẫn cử tri nộp hồ sơ trên cổng dịch vụ công quốc gia.")],
    ("C6.4", "L3"): [
        ("knowledge", "Open formats such as CSV and the meaning of an open licence.",
         "Các định dạng mở như CSV và ý nghĩa của giấy phép mở.")],
}

RELATIONS = {
    "C1.2": [("requires", "C1.1")],
    "C1.4": [("requires", "C1.3")],
    "C2.3": [("requires", "C2.1")],
    "C2.4": [("related", "C4.2")],
    "C3.2": [("requires", "C3.1")],
    "C3.4": [("requires", "C5.1")],
    "C4.3": [("requires", "C4.1")],
    "C6.1": [("requires", "C2.1")],
    "C6.2": [("requires", "C4.1")],
    "C6.4": [("requires", "C1.4")],
}

# Made-up crosswalk URIs for illustration only; they are not official identifiers.
MATCHES = {
    "C1.1": [("close", "urn:example:digcomp:1.1")],
    "C1.2": [("close", "urn:example:digcomp:1.2")],
    "C4.2": [("close", "urn:example:digcomp:4.2")],
    "C5.3": [("related", "urn:example:ai-literacy:use")],
}

# --------------------------------------------------------------------------- positions

# id, family, extends, title en, title vi, requirements
# requirement: (kind, target, level, extra attributes)
POSITIONS = [
    ("deputy", "deputy", None, "National Assembly deputy", "Đại biểu Quốc hội", [
        ("competency", "C6.1", "L3", {"by": "2026-06-30"}),
        ("competency", "C1.2", "L3", {}),
        ("competency", "C2.1", "L3", {}),
        ("competency", "C4.2", "L3", {}),
        ("competency", "C5.3", "L2", {"importance": "optional"}),
    ]),
    ("committee-chair", "deputy", "deputy", "Committee chair", "Chủ nhiệm ủy ban", [
        ("competency", "C1.4", "L4", {}),
        ("competency", "C6.4", "L3", {}),
        ("competency", "C2.3", "L3", {}),
    ]),
    ("unit-head", "leadership", None, "Head of division", "Trưởng phòng", [
        ("competency", "C2.3", "L4", {}),
        ("competency", "C5.2", "L3", {}),
        ("competency", "C4.3", "L3", {}),
        ("competency", "C1.4", "L3", {"importance": "optional"}),
    ]),
    ("department-director", "leadership", "unit-head", "Director of department", "Vụ trưởng", [
        ("competency", "C6.2", "L4", {}),
        ("competency", "C5.4", "L4", {}),
        ("competency", "C6.4", "L3", {"by": "2027-06-30"}),
    ]),
    ("official", "civil-servant", None, "Official", "Chuyên viên", [
        ("competency", "C1.1", "L3", {}),
        ("competency", "C3.1", "L3", {}),
        ("competency", "C6.2", "L3", {}),
        ("competency", "C2.2", "L3", {}),
    ]),
    ("senior-official", "civil-servant", "official", "Senior official", "Chuyên viên chính", [
        ("competency", "C1.4", "L3", {}),
        ("competency", "C5.2", "L3", {}),
        ("competency", "C2.3", "L3", {}),
        ("competency", "C6.1", "L3", {"importance": "optional"}),
    ]),
    ("civil-servant", "civil-servant", None, "Civil servant (clerical grade)", "Công chức ngạch cán sự", [
        ("competency", "C3.1", "L3", {}),
        ("competency", "C6.3", "L3", {}),
        ("competency", "C2.1", "L3", {}),
    ]),
    ("specialist", "civil-servant", "civil-servant", "Research and analysis specialist",
     "Chuyên viên nghiên cứu, phân tích", [
        ("competency", "C1.2", "L4", {}),
        ("competency", "C1.4", "L4", {}),
        ("competency", "C5.3", "L3", {}),
    ]),
    ("legal-drafter", "civil-servant", None, "Legal drafter", "Chuyên viên soạn thảo văn bản pháp luật", [
        ("competency", "C3.1", "L4", {}),
        ("competency", "C3.3", "L4", {}),
        ("competency", "C1.1", "L4", {}),
        ("competency", "C6.2", "L3", {}),
        ("competency", "C3.2", "L3", {"importance": "optional"}),
    ]),
    ("it-officer", "it", "official", "IT officer", "Cán bộ công nghệ thông tin", [
        ("competency", "C5.1", "L5", {}),
        ("competency", "C3.4", "L4", {}),
        ("competency", "C6.1", "L4", {}),
        ("competency", "C1.3", "L4", {}),
    ]),
    ("it-security-officer", "it", "it-officer", "IT security officer", "Cán bộ an toàn thông tin", [
        ("competency", "C4.1", "L5", {}),
        ("competency", "C4.2", "L5", {}),
        ("competency", "C4.3", "L6", {"by": "2026-12-31"}),
        ("competency", "C1.2", "L4", {}),
    ]),
    ("records-officer", "public-employee", None, "Records and archives officer", "Viên chức văn thư, lưu trữ", [
        ("domain", "D1", "L3", {}),
        ("competency", "C6.2", "L4", {}),
    ]),
    ("communications-officer", "public-employee", None, "Press and communications officer",
     "Viên chức báo chí, truyền thông", [
        ("competency", "C2.2", "L4", {}),
        ("competency", "C3.2", "L4", {}),
        ("competency", "C3.3", "L3", {}),
        ("competency", "C2.4", "L4", {}),
        ("competency", "C6.4", "L3", {}),
    ]),
    ("support-staff", "support", None, "Support staff", "Nhân viên phục vụ", [
        ("competency", "C2.1", "L2", {}),
        ("domain", "D4", "L2", {}),
    ]),
    # Interns have no requirements of their own: only the rules apply to them.
    ("intern", "support", None, "Intern", "Thực tập sinh", []),
]

# --------------------------------------------------------------------------- modules

# id, hours, delivery, title en, title vi, teaches [(competency, level)], prerequisites
MODULES = [
    ("M-first-steps", 2, "classroom", "First steps with computers and phones",
     "Những bước đầu với máy tính và điện thoại",
     [("C1.1", "L1"), ("C2.1", "L1"), ("C4.1", "L1"), ("C5.1", "L1")], []),
    ("M-basic-1", 4, "online", "Information and data: the basics",
     "Khai thác thông tin và dữ liệu: kiến thức cơ bản",
     [("C1.1", "L2"), ("C1.2", "L2"), ("C1.3", "L2"), ("C1.4", "L2")], ["M-first-steps"]),
    ("M-basic-2", 4, "online", "Communicating and working together online: the basics",
     "Giao tiếp và cộng tác trực tuyến: kiến thức cơ bản",
     [("C2.1", "L2"), ("C2.2", "L2"), ("C2.3", "L2"), ("C2.4", "L2")], ["M-first-steps"]),
    ("M-basic-3", 4, "online", "Creating digital content: the basics",
     "Sáng tạo nội dung số: kiến thức cơ bản",
     [("C3.1", "L2"), ("C3.2", "L2"), ("C3.3", "L2"), ("C3.4", "L2")], []),
    ("M-basic-4", 4, "online", "Staying safe in the digital world: the basics",
     "An toàn trong môi trường số: kiến thức cơ bản",
     [("C4.1", "L2"), ("C4.2", "L2"), ("C4.3", "L2"), ("C4.4", "L2")], []),
    ("M-basic-5", 3, "online", "Solving everyday digital problems",
     "Giải quyết các vấn đề số thường gặp",
     [("C5.1", "L2"), ("C5.2", "L2"), ("C5.3", "L2"), ("C5.4", "L2")], []),
    ("M-basic-6", 4, "blended", "Digital public service: the basics",
     "Công vụ số: kiến thức cơ bản",
     [("C6.1", "L2"), ("C6.2", "L2"), ("C6.3", "L2"), ("C6.4", "L2")], []),
    ("M-search", 6, "blended", "Searching well and checking sources",
     "Tìm kiếm hiệu quả và kiểm chứng nguồn tin",
     [("C1.1", "L4"), ("C1.2", "L4")], ["M-basic-1"]),
    ("M-spreadsheets", 12, "classroom", "Working with data in spreadsheets",
     "Xử lý dữ liệu bằng bảng tính",
     [("C1.3", "L4"), ("C1.4", "L4")], ["M-basic-1"]),
    ("M-data-analysis", 16, "classroom", "Data analysis for oversight and policy",
     "Phân tích dữ liệu phục vụ giám sát và hoạch định chính sách",
     [("C1.3", "L5"), ("C1.4", "L5")], ["M-spreadsheets"]),
    ("M-records", 8, "blended", "Electronic records and archives",
     "Hồ sơ điện tử và lưu trữ điện tử",
     [("C1.3", "L4"), ("C6.2", "L4")], ["M-basic-6"]),
    ("M-collaboration", 6, "blended", "Online meetings and shared workspaces",
     "Họp trực tuyến và không gian làm việc chung",
     [("C2.1", "L3"), ("C2.2", "L3"), ("C2.3", "L4"), ("C2.4", "L3")], ["M-basic-2"]),
    ("M-public-comms", 8, "classroom", "Public communication on digital channels",
     "Truyền thông tới công chúng trên các kênh số",
     [("C2.2", "L4"), ("C2.4", "L4"), ("C3.2", "L4")], ["M-basic-3"]),
    ("M-documents", 8, "classroom", "Professional documents and presentations",
     "Văn bản và bài trình chiếu chuyên nghiệp",
     [("C3.1", "L4"), ("C3.2", "L3")], ["M-basic-3"]),
    ("M-copyright", 3, "online", "Copyright, licences and reuse of content",
     "Bản quyền, giấy phép và sử dụng lại nội dung",
     [("C3.3", "L4")], []),
    ("M-automation", 16, "classroom", "Automating office work with formulas and scripts",
     "Tự động hóa công việc văn phòng bằng công thức và tập lệnh",
     [("C3.4", "L4"), ("C5.1", "L3")], ["M-basic-5"]),
    ("M-safety-office", 6, "online", "Protecting accounts, data and official information",
     "Bảo vệ tài khoản, dữ liệu và thông tin công vụ",
     [("C4.1", "L4"), ("C4.2", "L4"), ("C4.3", "L4")], ["M-basic-4"]),
    ("M-wellbeing", 2, "online", "Healthy and balanced digital work",
     "Làm việc số lành mạnh và cân bằng",
     [("C4.4", "L3")], []),
    ("M-security-ops", 24, "classroom", "Information security operations",
     "Vận hành bảo đảm an toàn thông tin",
     [("C4.1", "L5"), ("C4.2", "L5"), ("C4.3", "L5")], ["M-safety-office"]),
    ("M-security-incident", 16, "classroom", "Incident response and security audit",
     "Ứng phó sự cố và kiểm tra, đánh giá an toàn thông tin",
     [("C4.1", "L6"), ("C4.3", "L6")], ["M-security-ops"]),
    ("M-security-architecture", 32, "blended", "Security architecture for parliamentary systems",
     "Kiến trúc an ninh cho các hệ thống của Quốc hội",
     [("C4.1", "L7"), ("C4.3", "L7")], ["M-security-incident"]),
    ("M-troubleshooting", 6, "blended", "Choosing tools and fixing common problems",
     "Lựa chọn công cụ và khắc phục sự cố thường gặp",
     [("C5.1", "L3"), ("C5.2", "L3"), ("C5.4", "L3")], []),
    ("M-ai", 4, "online", "Using AI assistants responsibly",
     "Sử dụng trợ lý trí tuệ nhân tạo có trách nhiệm",
     [("C5.3", "L3")], ["M-basic-5"]),
    ("M-it-support", 24, "classroom", "IT support and systems administration",
     "Hỗ trợ kỹ thuật và quản trị hệ thống",
     [("C5.1", "L5")], ["M-automation"]),
    ("M-leading-change", 8, "blended", "Leading digital transformation in a unit",
     "Lãnh đạo chuyển đổi số trong đơn vị",
     [("C2.3", "L4"), ("C5.2", "L4"), ("C5.4", "L4")], []),
    ("M-eparliament", 4, "classroom", "Working with the e-parliament system",
     "Làm việc với hệ thống Quốc hội điện tử",
     [("C6.1", "L3")], ["M-basic-6"]),
    ("M-eparliament-admin", 12, "classroom", "Supporting users of e-parliament applications",
     "Hỗ trợ người dùng các ứng dụng Quốc hội điện tử",
     [("C6.1", "L5")], ["M-eparliament"]),
    ("M-edocuments", 6, "blended", "Electronic documents and digital signatures in practice",
     "Thực hành văn bản điện tử và chữ ký số",
     [("C6.2", "L4")], ["M-basic-6"]),
    ("M-public-services", 4, "online", "Helping citizens with online public services",
     "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
     [("C6.3", "L3")], []),
    ("M-open-data", 4, "online", "Open data and transparency",
     "Dữ liệu mở và minh bạch",
     [("C6.4", "L3")], ["M-basic-1"]),
]

# --------------------------------------------------------------------------- rules

# Rules are written as XML fragments (inner content after the titles) to keep the
# predicate structure readable.
RULES = [
    ("R-basic-2026", 100, "2025-09-13", None,
     "Basic digital skills for everyone by the end of 2026",
     "Mọi người đạt trình độ kỹ năng số cơ bản trước cuối năm 2026",
     ["<applies-to><always/></applies-to>"]
     + ['<requirement domain="D%d" level="L2" by="2026-12-31"/>' % d for d in range(1, 7)]
     + ["<exempt-if><certificate kind=\"digital-basic\"/></exempt-if>"]),
    ("R-deputies-digital", 90, "2025-10-01", None,
     "Open data and AI for deputies",
     "Dữ liệu mở và trí tuệ nhân tạo cho đại biểu Quốc hội",
     ['<applies-to><position family="deputy"/></applies-to>',
      '<requirement competency="C6.4" level="L3" by="2026-12-31"/>',
      '<requirement competency="C5.3" level="L3" by="2027-06-30"/>']),
    ("R-leaders-transformation", 80, "2025-10-01", None,
     "Problem solving for leaders of digital transformation",
     "Năng lực giải quyết vấn đề cho người lãnh đạo chuyển đổi số",
     ['<applies-to><any><position family="leadership"/><position ref="committee-chair"/></any></applies-to>',
      '<requirement domain="D5" level="L3" by="2026-12-31"/>']),
    ("R-it-centre-security", 70, "2026-01-01", None,
     "Security skills for everyone in the IT centre",
     "Kỹ năng an toàn thông tin cho toàn bộ Trung tâm Công nghệ thông tin",
     ['<applies-to><unit ref="NA.ITC" descendants="true"/></applies-to>',
      '<requirement competency="C4.1" level="L4" by="2026-09-30"/>',
      '<requirement competency="C4.3" level="L4" by="2026-09-30"/>']),
    ("R-office-services", 60, "2026-01-01", "2027-12-31",
     "Online public services and data protection for Office staff",
     "Dịch vụ công trực tuyến và bảo vệ dữ liệu cá nhân cho cán bộ Văn phòng Quốc hội",
     ['<applies-to><all><any><position ref="official"/><position ref="civil-servant"/></any>'
      '<unit ref="NA.OFFICE" descendants="true"/>'
      '<not><position family="it"/></not></all></applies-to>',
      '<requirement competency="C6.3" level="L3" by="2027-03-31"/>',
      '<requirement competency="C4.2" level="L3" by="2026-12-31"/>',
      '<exempt-if><attribute name="on-leave" value="true"/></exempt-if>']),
    ("R-delegation-deputies", 50, "2026-01-01", None,
     "Serving voters online: deputies in provincial delegations",
     "Phục vụ cử tri trên môi trường số: đại biểu tại các Đoàn đại biểu Quốc hội",
     ['<applies-to><all><attribute name="deputy" value="true"/>'
      '<unit ref="NA.DEL" descendants="true"/></all></applies-to>',
      '<requirement competency="C6.3" level="L3" by="2026-12-31"/>',
      '<requirement competency="C2.4" level="L3" by="2026-12-31"/>']),
    ("R-data-champions", 40, "2026-01-01", None,
     "Advanced data skills for staff who already analyse data",
     "Kỹ năng dữ liệu nâng cao cho cán bộ đã thành thạo phân tích dữ liệu",
     ['<applies-to><all><level competency="C1.4" at-least="L3"/>'
      '<any><position family="civil-servant"/><position family="public-employee"/></any></all></applies-to>',
      '<requirement competency="C1.4" level="L5" by="2027-12-31"/>',
      '<requirement competency="C1.3" level="L5" by="2027-12-31"/>',
      '<exempt-if><attribute name="on-leave" value="true"/></exempt-if>']),
    ("R-security-specialists", 30, "2026-07-01", None,
     "Specialised security skills for security officers",
     "Kỹ năng an toàn thông tin chuyên sâu cho cán bộ an toàn thông tin",
     ['<applies-to><position ref="it-security-officer"/></applies-to>',
      '<requirement competency="C4.1" level="L7" by="2027-12-31"/>',
      '<requirement competency="C4.3" level="L7" by="2027-12-31"/>']),
    ("R-pilot-2025", 20, "2025-03-01", "2025-12-31",
     "2025 pilot: online collaboration for committee staff",
     "Thí điểm năm 2025: cộng tác trực tuyến cho cán bộ các ủy ban",
     ['<applies-to><all><unit ref="NA.COM" descendants="true"/>'
      '<not><attribute name="deputy" value="true"/></not></all></applies-to>',
      '<requirement competency="C2.3" level="L3" by="2025-12-31"/>']),
]

# --------------------------------------------------------------------------- writer


class Writer:
    def __init__(self):
        self.lines = []

    def line(self, depth, text):
        self.lines.append("  " * depth + text)

    def texts(self, depth, name, en, vi):
        """Writes one element in English (the document default) and one in Vietnamese."""
        self.line(depth, "<%s>%s</%s>" % (name, escape(en), name))
        self.line(depth, '<%s xml:lang="vi">%s</%s>' % (name, escape(vi), name))


def attrs(pairs):
    return "".join(" %s=%s" % (k, quoteattr(v)) for k, v in pairs)


def fragment_lines(xml, depth):
    """Pretty-prints a one-line XML fragment with two-space indentation."""
    out = []
    for tok in re.findall(r"<[^>]+>", xml):
        if tok.startswith("</"):
            depth -= 1
            out.append((depth, tok))
        elif tok.endswith("/>"):
            out.append((depth, tok))
        else:
            out.append((depth, tok))
            depth += 1
    # Join an opening tag with its closing tag when nothing is in between.
    merged = []
    for d, tok in out:
        if merged and tok.startswith("</") and not merged[-1][1].startswith("</") \
                and not merged[-1][1].endswith("/>") and merged[-1][0] == d:
            merged[-1] = (d, merged[-1][1] + tok)
        else:
            merged.append((d, tok))
    return merged


def build():
    w = Writer()
    w.line(0, '<?xml version="1.0" encoding="UTF-8"?>')
    w.line(0, "<!-- CompetencyKit bundled sample. An illustrative framework written for this package;")
    w.line(0, "     it is not an official document. Generated by Scripts/make-sample-framework.py. -->")
    w.line(0, '<framework xmlns="urn:competencykit:1" xml:lang="en" id="na-digital" version="1.0.0" '
              'status="published" issued="2025-09-13">')
    w.texts(1, "title", "Digital knowledge and skills framework for the legislature",
            "Khung kiến thức, kỹ năng số cho cơ quan lập pháp")
    w.texts(1, "description",
            "An illustrative framework for a legislature's \"digital literacy for all\" movement: "
            "six domains, 24 competencies and eight proficiency levels in four bands, with the "
            "positions, training modules and assignment rules that decide who must learn what. "
            "It was written as the sample of CompetencyKit and is not an official document.",
            "Khung minh họa phục vụ phong trào \"Bình dân học vụ số\" của cơ quan lập pháp: "
            "sáu miền năng lực, 24 năng lực thành phần và tám mức thành thạo chia thành bốn nhóm, "
            "kèm các vị trí việc làm, học phần bồi dưỡng và quy tắc phân công xác định ai cần học gì. "
            "Khung được soạn làm dữ liệu mẫu cho CompetencyKit và không phải văn bản chính thức.")
    w.texts(1, "publisher", "CompetencyKit sample authors", "Nhóm tác giả dữ liệu mẫu CompetencyKit")

    # Scale
    w.line(1, '<scale id="proficiency" default="L1" proficient="L2">')
    for rank, (lid, band, len_, lvi, den, dvi) in enumerate(LEVELS, start=1):
        w.line(2, '<level id="%s" rank="%d" band="%s">' % (lid, rank, band))
        w.texts(3, "label", len_, lvi)
        w.texts(3, "description", den, dvi)
        w.line(2, "</level>")
    w.line(1, "</scale>")

    # Domains and competencies
    for did, (den, dvi), comps in DOMAINS:
        w.line(1, '<domain id="%s" code="%s">' % (did, did[1:]))
        w.texts(2, "title", den, dvi)
        for cid, (ten, tvi), (sen, svi), phrases in comps:
            w.line(2, '<competency id="%s" code="%s">' % (cid, cid[1:]))
            w.texts(3, "title", ten, tvi)
            w.texts(3, "statement", sen, svi)
            for lid, *_ in LEVELS:
                pen, pvi = phrases[BAND_INDEX[BAND_OF[lid]]]
                ten_, tvi_ = PATTERNS[lid]
                w.line(3, '<descriptor level="%s">' % lid)
                w.texts(4, "text", ten_.format(p=pen), tvi_.format(p=pvi))
                for name, xen, xvi in EXTRAS.get((cid, lid), []):
                    w.texts(4, name, xen, xvi)
                w.line(3, "</descriptor>")
            for typ, target in RELATIONS.get(cid, []):
                w.line(3, '<relation type="%s" target="%s"/>' % (typ, target))
            for typ, uri in MATCHES.get(cid, []):
                w.line(3, '<match type="%s" uri=%s/>' % (typ, quoteattr(uri)))
            w.line(2, "</competency>")
        w.line(1, "</domain>")

    # Positions
    for pid, family, extends, ten, tvi, reqs in POSITIONS:
        a = [("id", pid), ("family", family)]
        if extends:
            a.append(("extends", extends))
        w.line(1, "<position%s>" % attrs(a))
        w.texts(2, "title", ten, tvi)
        for kind, target, level, extra in reqs:
            ra = [(kind, target), ("level", level)]
            if "importance" in extra:
                ra.append(("importance", extra["importance"]))
            if "by" in extra:
                ra.append(("by", extra["by"]))
            w.line(2, "<requirement%s/>" % attrs(ra))
        w.line(1, "</position>")

    # Modules
    for mid, hours, delivery, ten, tvi, teaches, prereqs in MODULES:
        w.line(1, '<module id="%s" hours="%d" delivery="%s">' % (mid, hours, delivery))
        w.texts(2, "title", ten, tvi)
        for cid, lid in teaches:
            w.line(2, '<teaches competency="%s" level="%s"/>' % (cid, lid))
        for pre in prereqs:
            w.line(2, '<prerequisite module="%s"/>' % pre)
        w.line(1, "</module>")

    # Rules
    for rid, priority, effective, expires, ten, tvi, body in RULES:
        a = [("id", rid), ("priority", str(priority)), ("effective", effective)]
        if expires:
            a.append(("expires", expires))
        w.line(1, "<rule%s>" % attrs(a))
        w.texts(2, "title", ten, tvi)
        for frag in body:
            for d, tok in fragment_lines(frag, 2):
                w.line(d, tok)
        w.line(1, "</rule>")

    w.line(0, "</framework>")
    return "\n".join(w.lines) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "Fixtures", "sample", "framework.xml")
    data = build().encode("utf-8")
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
